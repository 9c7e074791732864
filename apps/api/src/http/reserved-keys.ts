import type { ErrorDetail } from '@parley/errors';

/**
 * Keys that class-transformer skips when it builds a DTO (they would reach an object's
 * prototype), so that `whitelist`/`forbidNonWhitelisted` never see them: without this check a
 * body's `__proto__` or `constructor` was dropped in silence while any other unknown property is
 * a 400.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Every own key named `__proto__`, `constructor` or `prototype`, at any depth of a parsed body or
 * query (JSON.parse and the query parser make them plain own properties), as the validation
 * pipe's "should not exist" details, at most `limit` of them. No DTO of the API has such a field.
 */
export function findReservedKeys(value: unknown, limit: number): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const pending: Array<[unknown, string]> = [[value, '']];
  while (pending.length > 0 && problems.length < limit) {
    const [current, path] = pending.pop() as [unknown, string];
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], `${path}[${i}]`]);
      continue;
    }
    for (const key of Object.keys(current)) {
      const field = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key))
        problems.push({ field, message: `property ${key} should not exist` });
      else pending.push([(current as Record<string, unknown>)[key], field]);
    }
  }
  return problems.slice(0, limit);
}

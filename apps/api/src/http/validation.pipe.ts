import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, MAX_ERROR_DETAILS, validationFailed } from '@parley/errors';
import { findUnstorableText } from '@parley/text';
import { findReservedKeys } from './reserved-keys';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Valid queries remembered per DTO class; beyond it they are all forgotten (a miss only validates). */
const MAX_REMEMBERED_QUERIES = 1_000;

type Dto = Record<string, unknown>;

/**
 * Validation at the edge: unknown fields are refused (`__proto__`, `constructor` and `prototype`
 * too, at any depth, which class-transformer would drop unseen: ./reserved-keys), every failure
 * lists its fields (at most MAX_ERROR_DETAILS of them), and no text that the database cannot store (U+0000, an unpaired
 * surrogate: libs/text) gets past a DTO, a query or a path parameter. Bodies that a lib reads
 * itself (`@Body() body: unknown`, for the contract's order of checks) are checked by that lib
 * with the same rule.
 *
 * A query string that passed once gives the same DTO every time (its rules read nothing but the
 * value), and most reads repeat a few (`?sort=top` under a busy article): each passed one is
 * remembered per DTO class and answered with a copy of its DTO. class-transformer and
 * class-validator then run only for new query strings, which keeps the optimizing compiler's
 * largest jobs (their generic walks took 40–110 ms and a burst of ~25 MB of memory to compile
 * once the signed-in page got hot) off the read path. Only queries of plain strings whose DTO
 * holds only primitives are remembered; a refused query is validated, and refused, every time.
 */
class ParleyValidationPipe extends ValidationPipe {
  private readonly validQueries = new Map<ArgumentMetadata['metatype'], Map<string, Dto>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && metadata.metatype && metadata.metatype !== Object) {
      const problems = findUnstorableText(value, metadata.data ?? '', MAX_ERROR_DETAILS);
      if (problems.length > 0) throw validationFailed(problems);
      if (metadata.type !== 'param') {
        const reserved = findReservedKeys(value, MAX_ERROR_DETAILS);
        if (reserved.length > 0) throw validationFailed(reserved);
      }
    }
    const key = metadata.type === 'query' ? rememberableQuery(value) : undefined;
    if (key === undefined || !metadata.metatype) return super.transform(value, metadata);
    const metatype = metadata.metatype;
    const known = this.validQueries.get(metatype)?.get(key);
    if (known) return Object.assign(Object.create(metatype.prototype as object) as Dto, known);
    const dto = (await super.transform(value, metadata)) as unknown;
    if (holdsOnlyPrimitives(dto)) {
      const remembered = this.validQueries.get(metatype) ?? new Map<string, Dto>();
      if (remembered.size >= MAX_REMEMBERED_QUERIES) remembered.clear();
      remembered.set(key, { ...dto });
      this.validQueries.set(metatype, remembered);
    }
    return dto;
  }
}

/** The key of a query whose every value is one string (not repeated, not nested); else undefined. */
function rememberableQuery(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, item]) => typeof item === 'string')
    ? JSON.stringify(entries)
    : undefined;
}

function holdsOnlyPrimitives(dto: unknown): dto is Dto {
  return (
    typeof dto === 'object' &&
    dto !== null &&
    Object.values(dto).every((item) => item === null || typeof item !== 'object')
  );
}

export function createValidationPipe(): ValidationPipe {
  return new ParleyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

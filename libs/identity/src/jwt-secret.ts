import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigValues } from '@parley/config';

const SECRET_FILE = 'jwt-secret';

export const JWT_ALGORITHM = 'HS256' as const;

/**
 * JWT_SECRET when given (required in production, where config refuses to start without it);
 * otherwise a development secret generated once and kept under DATA_DIR (0700, the file 0600).
 */
export function resolveJwtSecret(config: ConfigValues): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  const path = join(config.DATA_DIR, SECRET_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
    chmodSync(config.DATA_DIR, 0o700);
    const secret = randomBytes(48).toString('base64url');
    try {
      writeFileSync(path, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process wrote it first.
      return readFileSync(path, 'utf8').trim();
    }
  }
}

/** The key that signs (the current secret) and every key that still verifies (current + previous). */
export interface JwtKeys {
  current: { id: string; secret: string };
  /** By key id: the current secret and each of JWT_PREVIOUS_SECRETS. */
  verifying: ReadonlyMap<string, string>;
}

/**
 * The `kid` header of the tokens a secret signs: a short fingerprint, so that verification picks
 * the right key in one step instead of trying each. It says nothing usable about the secret
 * (32+ bytes, checked by config).
 */
export function jwtKeyId(secret: string): string {
  return createHash('sha256').update(`parley-jwt-kid:${secret}`).digest('base64url').slice(0, 12);
}

export function resolveJwtKeys(config: ConfigValues): JwtKeys {
  const secret = resolveJwtSecret(config);
  const current = { id: jwtKeyId(secret), secret };
  const verifying = new Map<string, string>();
  for (const previous of config.JWT_PREVIOUS_SECRETS) verifying.set(jwtKeyId(previous), previous);
  verifying.set(current.id, current.secret);
  return { current, verifying };
}

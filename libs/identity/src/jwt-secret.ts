import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigValues } from '@parley/config';

const SECRET_FILE = 'jwt-secret';

/**
 * JWT_SECRET when given (required in production, where config refuses to start without it);
 * otherwise a development secret generated once and kept under DATA_DIR.
 */
export function resolveJwtSecret(config: ConfigValues): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  const path = join(config.DATA_DIR, SECRET_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(config.DATA_DIR, { recursive: true });
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

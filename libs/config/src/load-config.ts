import { CONFIG_SCHEMA, ConfigError, ConfigKey, ConfigValues } from './config.schema';

const MIN_PRODUCTION_SECRET_BYTES = 32;

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigValues {
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(CONFIG_SCHEMA) as ConfigKey[]) {
    const spec: { default?: string; parse: unknown } = CONFIG_SCHEMA[key];
    const given = env[key];
    const raw = given !== undefined && given !== '' ? given : spec.default;
    values[key] =
      raw === undefined ? undefined : (spec.parse as (r: string, n: string) => unknown)(raw, key);
  }
  const config = values as ConfigValues;
  checkCrossRules(config);
  return Object.freeze(config);
}

function checkCrossRules(config: ConfigValues): void {
  if (config.NODE_ENV === 'production') {
    if (!config.JWT_SECRET)
      throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
    if (Buffer.byteLength(config.JWT_SECRET) < MIN_PRODUCTION_SECRET_BYTES) {
      throw new ConfigError(
        'JWT_SECRET',
        `must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes in production`,
      );
    }
  }
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    throw new ConfigError(
      config.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'must be set together with the other',
    );
  }
  // The same bounds as every password (libs/identity), so that the admin can sign in like anyone.
  const adminPasswordLength = config.ADMIN_PASSWORD ? [...config.ADMIN_PASSWORD].length : 0;
  if (config.ADMIN_PASSWORD && (adminPasswordLength < 10 || adminPasswordLength > 256)) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be 10–256 characters');
  }
}

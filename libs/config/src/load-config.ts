import { CONFIG_SCHEMA, ConfigError, ConfigKey, ConfigValues } from './config.schema';

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
  return Object.freeze(applyRole(config));
}

/**
 * PARLEY_ROLE=api leaves background work to worker instances: the switches of that work read
 * off, whatever they say, so an api Deployment never sends mail or purges.
 */
function applyRole(config: ConfigValues): ConfigValues {
  if (config.PARLEY_ROLE !== 'api') return config;
  return { ...config, OUTBOX_WORKER: false, RETENTION_INTERVAL_SECONDS: 0 };
}

function checkCrossRules(config: ConfigValues): void {
  // JWT_SECRET's length is checked by its parser in every environment.
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET)
    throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  if (
    config.NODE_ENV === 'production' &&
    !config.DATABASE_URL &&
    !config.EMBEDDED_DATABASE_IN_PRODUCTION
  ) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required when NODE_ENV=production (or set EMBEDDED_DATABASE_IN_PRODUCTION=true to run on the embedded database anyway)',
    );
  }
  if (config.DATABASE_DIRECT_URL && !config.DATABASE_URL)
    throw new ConfigError('DATABASE_DIRECT_URL', 'needs DATABASE_URL (the pooler) to be set too');
  if (config.DATABASE_REPLICA_URLS.length > 0 && !config.DATABASE_URL)
    throw new ConfigError(
      'DATABASE_REPLICA_URLS',
      'needs DATABASE_URL (the primary) to be set too',
    );
  if (config.REPLICA_READ_YOUR_WRITES_SECONDS <= config.REPLICA_MAX_LAG_SECONDS)
    throw new ConfigError(
      'REPLICA_READ_YOUR_WRITES_SECONDS',
      'must be more than REPLICA_MAX_LAG_SECONDS (a replica may be that far behind a write)',
    );
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    throw new ConfigError(
      config.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'must be set together with the other',
    );
  }
  checkSso(config);
  // The same bounds as every password (libs/identity), so that the admin can sign in like anyone.
  const adminPasswordLength = config.ADMIN_PASSWORD ? [...config.ADMIN_PASSWORD].length : 0;
  if (config.ADMIN_PASSWORD && (adminPasswordLength < 10 || adminPasswordLength > 256)) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be 10–256 characters');
  }
}

/** Publisher sign-in is on when a key source is set; then issuer and audience are pinned too. */
function checkSso(config: ConfigValues): void {
  if (config.SSO_SECRET && config.SSO_JWKS_URL)
    throw new ConfigError(
      'SSO_JWKS_URL',
      'cannot be set together with SSO_SECRET (choose one key source)',
    );
  const keySource = Boolean(config.SSO_SECRET || config.SSO_JWKS_URL);
  for (const name of ['SSO_ISSUER', 'SSO_AUDIENCE'] as const) {
    if (keySource && !config[name])
      throw new ConfigError(name, 'is required when SSO_SECRET or SSO_JWKS_URL is set');
    if (!keySource && config[name])
      throw new ConfigError(
        name,
        'is set but neither SSO_SECRET nor SSO_JWKS_URL is (no key to verify tokens with)',
      );
  }
  if (config.NODE_ENV === 'production' && config.SSO_JWKS_URL?.startsWith('http:'))
    throw new ConfigError('SSO_JWKS_URL', 'must be an https URL when NODE_ENV=production');
}

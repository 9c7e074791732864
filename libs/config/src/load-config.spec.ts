import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA, ConfigError } from './config.schema';
import { renderEnvTable } from './env-table';
import { loadConfig } from './load-config';

describe(loadConfig.name, () => {
  it('gives every default with nothing set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.STRIPE_WEBHOOK_SECRET).toEqual([]);
    expect(config.RATE_LIMIT_DISABLED).toBe(false);
    expect(config.TRUST_PROXY).toBe(false);
    expect(config.HEAP_GROWTH_PERCENT).toBe(50);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
    ['RATE_LIMIT_DISABLED', 'maybe'],
    ['TRUST_PROXY', 'everyone'],
    ['REDIS_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['HEAP_GROWTH_PERCENT', '-5'],
    ['HEAP_GROWTH_PERCENT', '5000'],
    ['HTTP_STALE_WHILE_REVALIDATE_SECONDS', '-1'],
    ['CDN_PURGE_URL', 'ftp://cdn.example/{key}'],
    ['CDN_PURGE_URL', 'not a url {key}'],
    ['CDN_PURGE_METHOD', 'PATCH'],
    ['CDN_PURGE_HEADERS', 'no colon here'],
    ['CDN_PURGE_HEADERS', 'Bad Name: x'],
    ['ARTICLE_CHANGED_INTERVAL_SECONDS', '4000'],
  ])('refuses %s=%s with one line naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads the CDN variables: the purge template, its method and headers', () => {
    const defaults = loadConfig({});
    expect(defaults.HTTP_STALE_WHILE_REVALIDATE_SECONDS).toBe(30);
    expect(defaults.CDN_PURGE_URL).toBeUndefined();
    expect(defaults.CDN_PURGE_METHOD).toBe('POST');
    expect(defaults.ARTICLE_CHANGED_INTERVAL_SECONDS).toBe(10);
    const config = loadConfig({
      CDN_PURGE_URL: ' https://api.fastly.com/service/X/purge/{key} ',
      CDN_PURGE_METHOD: 'PURGE',
      CDN_PURGE_HEADERS: 'Fastly-Key: abc;Accept: application/json',
    });
    expect(config.CDN_PURGE_URL).toBe('https://api.fastly.com/service/X/purge/{key}');
    expect(config.CDN_PURGE_METHOD).toBe('PURGE');
    expect(config.CDN_PURGE_HEADERS).toEqual({ 'Fastly-Key': 'abc', Accept: 'application/json' });
  });

  const LONG_SECRET = 'x'.repeat(32);
  const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/parley' };

  it('refuses production without a JWT secret', () => {
    expect(() => loadConfig(PRODUCTION)).toThrow(/JWT_SECRET is required/);
    expect(loadConfig({ ...PRODUCTION, JWT_SECRET: LONG_SECRET }).NODE_ENV).toBe('production');
  });

  it.each(['development', 'test', 'production'])(
    'refuses a JWT_SECRET under 32 bytes with NODE_ENV=%s, without echoing it',
    (NODE_ENV) => {
      const short = 'y'.repeat(31);
      expect(() => loadConfig({ ...PRODUCTION, NODE_ENV, JWT_SECRET: short })).toThrow(
        'Invalid configuration: JWT_SECRET must be at least 32 bytes',
      );
      expect(() => loadConfig({ ...PRODUCTION, NODE_ENV, JWT_SECRET: short })).not.toThrow(short);
      // Bytes, not characters: 16 two-byte characters are enough.
      expect(loadConfig({ ...PRODUCTION, NODE_ENV, JWT_SECRET: 'é'.repeat(16) }).JWT_SECRET).toBe(
        'é'.repeat(16),
      );
    },
  );

  it('takes JWT_PREVIOUS_SECRETS as a list of 32-byte secrets', () => {
    expect(loadConfig({}).JWT_PREVIOUS_SECRETS).toEqual([]);
    const older = 'o'.repeat(40);
    expect(
      loadConfig({ JWT_PREVIOUS_SECRETS: ` ${LONG_SECRET}, ${older} ` }).JWT_PREVIOUS_SECRETS,
    ).toEqual([LONG_SECRET, older]);
    expect(() => loadConfig({ JWT_PREVIOUS_SECRETS: `${LONG_SECRET},short` })).toThrow(
      'Invalid configuration: JWT_PREVIOUS_SECRETS must list secrets of at least 32 bytes each',
    );
  });

  it('refuses production on the embedded database unless EMBEDDED_DATABASE_IN_PRODUCTION=true', () => {
    const env = { NODE_ENV: 'production', JWT_SECRET: LONG_SECRET };
    expect(() => loadConfig(env)).toThrow(/^Invalid configuration: DATABASE_URL is required/);
    expect(() => loadConfig({ ...env, EMBEDDED_DATABASE_IN_PRODUCTION: 'false' })).toThrow(
      /DATABASE_URL/,
    );
    expect(() => loadConfig({ ...env, EMBEDDED_DATABASE_IN_PRODUCTION: 'maybe' })).toThrow(
      /EMBEDDED_DATABASE_IN_PRODUCTION/,
    );
    expect(
      loadConfig({ ...env, EMBEDDED_DATABASE_IN_PRODUCTION: 'true' })
        .EMBEDDED_DATABASE_IN_PRODUCTION,
    ).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).DATABASE_URL).toBeUndefined();
  });

  it('gives the session and retention defaults, and refuses periods that would break a promise', () => {
    const config = loadConfig({});
    expect(config.REFRESH_REUSE_GRACE_SECONDS).toBe(10);
    expect(config.SESSION_MAX_DAYS).toBe(90);
    expect(config.RETENTION_INTERVAL_SECONDS).toBe(3600);
    expect(config.RETENTION_REFRESH_TOKENS_DAYS).toBe(0);
    expect(config.RETENTION_IDEMPOTENCY_KEYS_HOURS).toBe(24);
    expect(config.RETENTION_STRIPE_EVENTS_DAYS).toBe(30);
    expect(() => loadConfig({ RETENTION_IDEMPOTENCY_KEYS_HOURS: '23' })).toThrow(
      /RETENTION_IDEMPOTENCY_KEYS_HOURS/,
    );
    expect(() => loadConfig({ RETENTION_STRIPE_EVENTS_DAYS: '3' })).toThrow(
      /RETENTION_STRIPE_EVENTS_DAYS/,
    );
    expect(() => loadConfig({ SESSION_MAX_DAYS: '0' })).toThrow(/SESSION_MAX_DAYS/);
    expect(() => loadConfig({ REFRESH_REUSE_GRACE_SECONDS: '61' })).toThrow(
      /REFRESH_REUSE_GRACE_SECONDS/,
    );
  });

  it('parses lists and proxy settings', () => {
    const config = loadConfig({
      STRIPE_WEBHOOK_SECRET: 'whsec_a, whsec_b',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(config.STRIPE_WEBHOOK_SECRET).toEqual(['whsec_a', 'whsec_b']);
    expect(config.TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  });

  it('refuses an ADMIN_PASSWORD outside 10–256 characters', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short' })).toThrow(
      /ADMIN_PASSWORD must be 10–256 characters/,
    );
    expect(
      loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'long enough!' }).ADMIN_PASSWORD,
    ).toBe('long enough!');
  });

  it('takes DATABASE_DIRECT_URL only beside DATABASE_URL (the pooler)', () => {
    expect(() => loadConfig({ DATABASE_DIRECT_URL: 'postgresql://db:5432/parley' })).toThrow(
      /DATABASE_DIRECT_URL needs DATABASE_URL/,
    );
    const config = loadConfig({
      DATABASE_URL: 'postgresql://pgbouncer:6432/parley',
      DATABASE_DIRECT_URL: 'postgresql://db:5432/parley',
    });
    expect(config.DATABASE_DIRECT_URL).toBe('postgresql://db:5432/parley');
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgresql://a/b', DATABASE_DIRECT_URL: 'mysql://db/x' }),
    ).toThrow(/DATABASE_DIRECT_URL/);
  });

  it('takes DATABASE_REPLICA_URLS as a list of PostgreSQL URLs, only beside DATABASE_URL', () => {
    expect(loadConfig({}).DATABASE_REPLICA_URLS).toEqual([]);
    const config = loadConfig({
      DATABASE_URL: 'postgresql://db:5432/parley',
      DATABASE_REPLICA_URLS: 'postgresql://r1:5432/parley, postgres://r2:5432/parley',
    });
    expect(config.DATABASE_REPLICA_URLS).toEqual([
      'postgresql://r1:5432/parley',
      'postgres://r2:5432/parley',
    ]);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgresql://r1:5432/parley' })).toThrow(
      /DATABASE_REPLICA_URLS needs DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgresql://a/b', DATABASE_REPLICA_URLS: 'mysql://r/x' }),
    ).toThrow(/DATABASE_REPLICA_URLS/);
  });

  it('keeps the read-your-writes window longer than the lag a replica may have', () => {
    expect(loadConfig({}).REPLICA_MAX_LAG_SECONDS).toBe(5);
    expect(loadConfig({}).REPLICA_READ_YOUR_WRITES_SECONDS).toBe(10);
    expect(() =>
      loadConfig({ REPLICA_MAX_LAG_SECONDS: '10', REPLICA_READ_YOUR_WRITES_SECONDS: '10' }),
    ).toThrow(/REPLICA_READ_YOUR_WRITES_SECONDS must be more than REPLICA_MAX_LAG_SECONDS/);
  });

  it('takes CORS_ORIGINS as a list of origins, and refuses paths or other schemes', () => {
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://news.example.com, http://localhost:8080' }).CORS_ORIGINS,
    ).toEqual(['https://news.example.com', 'http://localhost:8080']);
    for (const bad of [
      'https://news.example.com/',
      'https://a.example/path',
      'ftp://a.example',
      '*',
    ])
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
  });

  it('turns publisher sign-in on with one key source, issuer and audience pinned', () => {
    const pinned = { SSO_ISSUER: 'https://news.example', SSO_AUDIENCE: 'parley' };
    expect(loadConfig({ ...pinned, SSO_SECRET: LONG_SECRET }).SSO_SECRET).toBe(LONG_SECRET);
    expect(() => loadConfig(pinned)).toThrow(
      'Invalid configuration: SSO_ISSUER is set but neither SSO_SECRET nor SSO_JWKS_URL is (no key to verify tokens with)',
    );
    expect(() => loadConfig({ SSO_SECRET: LONG_SECRET })).toThrow(/SSO_ISSUER is required/);
    expect(() => loadConfig({ SSO_SECRET: LONG_SECRET, SSO_ISSUER: 'x' })).toThrow(
      /SSO_AUDIENCE is required/,
    );
    expect(() => loadConfig({ ...pinned, SSO_SECRET: 'short' })).toThrow(
      /SSO_SECRET must be at least 32 bytes/,
    );
    expect(() =>
      loadConfig({ ...pinned, SSO_SECRET: LONG_SECRET, SSO_JWKS_URL: 'https://a.example/jwks' }),
    ).toThrow(/SSO_JWKS_URL cannot be set together with SSO_SECRET/);
    expect(() =>
      loadConfig({
        ...PRODUCTION,
        JWT_SECRET: LONG_SECRET,
        ...pinned,
        SSO_JWKS_URL: 'http://a.example/jwks',
      }),
    ).toThrow(/SSO_JWKS_URL must be an https URL/);
  });

  it('takes a HOST that is an IP literal or a host name, and names HOST for anything else', () => {
    for (const host of [
      '0.0.0.0',
      '127.0.0.1',
      '::',
      '::1',
      'fe80::1',
      'localhost',
      'api-1.internal',
    ])
      expect(loadConfig({ HOST: host }).HOST).toBe(host);
    for (const bad of [
      '999.1.1.1',
      '10.0.0',
      '[::1]',
      'http://localhost',
      'a b',
      '-x.example',
      'host:3000',
    ])
      expect(() => loadConfig({ HOST: bad })).toThrow(
        `Invalid configuration: HOST must be an IP address (0.0.0.0, ::, 127.0.0.1) or a host name, got "${bad}"`,
      );
  });

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('is documented in the README, variable by variable, with its default', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    for (const [name, spec] of Object.entries(CONFIG_SCHEMA)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect({ name, row: row !== undefined }).toEqual({ name, row: true });
      const fallback: string | undefined = (spec as { default?: string }).default;
      if (fallback)
        expect({ name, documented: row?.includes(`\`${fallback}\``) }).toEqual({
          name,
          documented: true,
        });
    }
  });

  it("has the README's table exactly as scripts/print-env-table.js prints it", () => {
    const lines = readFileSync(join(__dirname, '../../../README.md'), 'utf8').split('\n');
    const start = lines.indexOf('| variable | default | what it does |');
    expect(start).toBeGreaterThan(-1);
    const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
    expect(lines.slice(start, end).join('\n')).toBe(renderEnvTable());
  });
});

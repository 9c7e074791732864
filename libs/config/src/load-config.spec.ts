import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA, ConfigError } from './config.schema';
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
  ])('refuses %s=%s with one line naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('refuses production without a JWT secret, or with a short one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).NODE_ENV).toBe(
      'production',
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
});

import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import { SSO_TEST_AUDIENCE, SSO_TEST_ISSUER, signSsoToken } from '../support/sso';
import { createTestApp, TestApp } from '../support/test-app';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/** A publisher's key server on 127.0.0.1: serves `keys` as a JWKS and counts the fetches. */
class JwksServer {
  keys: JWK[] = [];
  fetches = 0;
  private server: Server | null = null;
  url = '';

  async start(port = 0): Promise<void> {
    this.server = createServer((_req, res) => {
      this.fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const { port: bound } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${bound}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

async function publicJwk(pair: KeyPair, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
}

function sign(
  pair: KeyPair,
  kid: string,
  alg: 'RS256' | 'ES256',
  claims: Record<string, unknown> = {},
) {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: `reader-${randomUUID()}`, jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg, kid })
    .setIssuer(SSO_TEST_ISSUER)
    .setAudience(SSO_TEST_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 60)
    .sign(pair.privateKey);
}

describe('POST /auth/sso with the publisher keys of SSO_JWKS_URL', () => {
  const jwks = new JwksServer();
  let t: TestApp;
  let rsa: KeyPair;
  let ec: KeyPair;
  beforeAll(async () => {
    [rsa, ec] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('ES256')]);
    await jwks.start();
    jwks.keys = [await publicJwk(rsa, 'rsa-1', 'RS256'), await publicJwk(ec, 'ec-1', 'ES256')];
    t = await createTestApp({
      SSO_JWKS_URL: jwks.url,
      SSO_ISSUER: SSO_TEST_ISSUER,
      SSO_AUDIENCE: SSO_TEST_AUDIENCE,
      SSO_JWKS_COOLDOWN_SECONDS: '0',
    });
  });
  afterAll(async () => {
    await t.close();
    await jwks.stop();
  });

  const sso = (token: string) => t.http().post('/api/v1/auth/sso').send({ token });

  it('accepts RS256 and ES256 tokens of the published keys, fetching the set once', async () => {
    const before = jwks.fetches;
    await sso(await sign(rsa, 'rsa-1', 'RS256')).expect(200);
    await sso(await sign(ec, 'ec-1', 'ES256')).expect(200);
    await sso(await sign(rsa, 'rsa-1', 'RS256')).expect(200);
    expect(jwks.fetches - before).toBeLessThanOrEqual(1);
  });

  it('refuses an HS256 token and an alg none one (algorithms pinned to RS256/ES256)', async () => {
    const res = await sso(await signSsoToken()).expect(401);
    expect(res.body.code).toBe('invalid_token');
    const body = { iss: SSO_TEST_ISSUER, aud: SSO_TEST_AUDIENCE, sub: 's', jti: randomUUID() };
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    await sso(`${part({ alg: 'none', kid: 'rsa-1' })}.${part(body)}.`).expect(401);
  });

  it('refuses a token signed by a key that is not published under its kid', async () => {
    const stranger = await generateKeyPair('RS256');
    await sso(await sign(stranger, 'rsa-1', 'RS256')).expect(401);
    await sso(await sign(stranger, 'unknown-kid', 'RS256')).expect(401);
  });

  it('fetches the set again for a new kid after the publisher rotates its keys', async () => {
    const next = await generateKeyPair('RS256');
    jwks.keys = [await publicJwk(next, 'rsa-2', 'RS256'), ...jwks.keys];
    const before = jwks.fetches;
    await sso(await sign(next, 'rsa-2', 'RS256')).expect(200);
    expect(jwks.fetches).toBeGreaterThan(before);
    // The retired key goes from the set: its kid is unknown after the next fetch.
    jwks.keys = jwks.keys.filter((key) => key.kid !== 'rsa-1');
    await sso(await sign(next, 'rsa-2', 'RS256')).expect(200);
  });

  it('answers 401, not 500, while the key server is down', async () => {
    const down = new JwksServer();
    await down.start();
    const url = down.url;
    await down.stop();
    const app = await createTestApp({
      SSO_JWKS_URL: url,
      SSO_ISSUER: SSO_TEST_ISSUER,
      SSO_AUDIENCE: SSO_TEST_AUDIENCE,
    });
    try {
      const res = await app
        .http()
        .post('/api/v1/auth/sso')
        .send({ token: await sign(rsa, 'rsa-1', 'RS256') })
        .expect(401);
      expect(res.body).toMatchObject({
        code: 'invalid_token',
        message: expect.stringMatching(/keys could not be fetched/),
      });
    } finally {
      await app.close();
    }
  });

  it('answers 401 within the fetch timeout when the key server never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const app = await createTestApp({
      SSO_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      SSO_ISSUER: SSO_TEST_ISSUER,
      SSO_AUDIENCE: SSO_TEST_AUDIENCE,
    });
    try {
      const started = Date.now();
      await app
        .http()
        .post('/api/v1/auth/sso')
        .send({ token: await sign(rsa, 'rsa-1', 'RS256') })
        .expect(401);
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      await app.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('answers 401 when the key server answers with something that is not a key set', async () => {
    const broken = createServer((_req, res) => {
      res.statusCode = 500;
      res.end('oops');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const { port } = broken.address() as AddressInfo;
    const app = await createTestApp({
      SSO_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      SSO_ISSUER: SSO_TEST_ISSUER,
      SSO_AUDIENCE: SSO_TEST_AUDIENCE,
    });
    try {
      await app
        .http()
        .post('/api/v1/auth/sso')
        .send({ token: await sign(rsa, 'rsa-1', 'RS256') })
        .expect(401);
    } finally {
      await app.close();
      broken.closeAllConnections();
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });
});

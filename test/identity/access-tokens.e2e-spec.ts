import jwt from 'jsonwebtoken';
import { registerAccount, TestAccount } from '../support/accounts';
import { createTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';

const ISSUER = 'parley';
const AUDIENCE = 'parley-api';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('access tokens', () => {
  let t: TestApp;
  let account: TestAccount;
  beforeAll(async () => {
    t = await createTestApp();
    account = await registerAccount(t);
  });
  afterAll(() => t.close());

  const me = (token: string) =>
    t
      .http()
      .get('/api/v1/me')
      .set({ Authorization: `Bearer ${token}` });
  const claims = () => ({ sub: account.id, ver: 0 });

  it('accepts a token signed like the service signs them', async () => {
    const token = jwt.sign(claims(), TEST_JWT_SECRET, {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: 60,
    });
    expect((await me(token).expect(200)).body.id).toBe(account.id);
  });

  it.each([
    [
      'alg none',
      () =>
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims(), iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })}.`,
    ],
    [
      'another key',
      () =>
        jwt.sign(claims(), 'another-secret-that-is-long-enough-0123456789', {
          algorithm: 'HS256',
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: 60,
        }),
    ],
    [
      'another algorithm with the right key',
      () =>
        jwt.sign(claims(), TEST_JWT_SECRET, {
          algorithm: 'HS512',
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: 60,
        }),
    ],
    [
      'a wrong issuer',
      () =>
        jwt.sign(claims(), TEST_JWT_SECRET, {
          algorithm: 'HS256',
          issuer: 'someone-else',
          audience: AUDIENCE,
          expiresIn: 60,
        }),
    ],
    [
      'a wrong audience',
      () =>
        jwt.sign(claims(), TEST_JWT_SECRET, {
          algorithm: 'HS256',
          issuer: ISSUER,
          audience: 'other-api',
          expiresIn: 60,
        }),
    ],
    [
      'no issuer nor audience',
      () => jwt.sign(claims(), TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 }),
    ],
    [
      'an outdated token version',
      () =>
        jwt.sign({ ...claims(), ver: 7 }, TEST_JWT_SECRET, {
          algorithm: 'HS256',
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: 60,
        }),
    ],
    [
      'no version',
      () =>
        jwt.sign({ sub: account.id }, TEST_JWT_SECRET, {
          algorithm: 'HS256',
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: 60,
        }),
    ],
    [
      'an unknown user',
      () =>
        jwt.sign({ ...claims(), sub: '00000000-0000-4000-8000-000000000000' }, TEST_JWT_SECRET, {
          algorithm: 'HS256',
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: 60,
        }),
    ],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = account.accessToken.split('.');
        return `${header}.${base64url({ ...claims(), sub: '00000000-0000-4000-8000-000000000000', iss: ISSUER, aud: AUDIENCE })}.${signature}`;
      },
    ],
    ['garbage', () => 'a.b.c'],
  ])('refuses a token with %s: 401 unauthenticated', async (_name, token) => {
    const res = await me(token()).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'unauthenticated' });
  });

  it('refuses an expired token with 401 token_expired', async () => {
    const token = jwt.sign(
      {
        ...claims(),
        iat: Math.floor(Date.now() / 1000) - 3600,
        exp: Math.floor(Date.now() / 1000) - 60,
      },
      TEST_JWT_SECRET,
      { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE },
    );
    expect((await me(token).expect(401)).body.code).toBe('token_expired');
  });

  it('issues tokens with the configured lifetime, issuer and audience', async () => {
    const payload = jwt.decode(account.accessToken, { complete: true }) as jwt.Jwt & {
      payload: jwt.JwtPayload;
    };
    expect(payload.header.alg).toBe('HS256');
    expect(payload.payload).toMatchObject({ sub: account.id, ver: 0, iss: ISSUER, aud: AUDIENCE });
    expect(payload.payload.exp! - payload.payload.iat!).toBe(900);
  });

  it('honours JWT_ACCESS_TTL_SECONDS', async () => {
    const short = await createTestApp({ JWT_ACCESS_TTL_SECONDS: '60' });
    try {
      const other = await registerAccount(short);
      const payload = jwt.decode(other.accessToken) as jwt.JwtPayload;
      expect(payload.exp! - payload.iat!).toBe(60);
    } finally {
      await short.close();
    }
  });

  it('refuses a missing or malformed Authorization header', async () => {
    await t.http().get('/api/v1/me').set({ Authorization: account.accessToken }).expect(401);
    await t.http().get('/api/v1/me').set({ Authorization: 'Basic abc' }).expect(401);
    await t.http().get('/api/v1/me').set({ Authorization: 'Bearer ' }).expect(401);
  });
});

import { jwtKeyId } from '@parley/identity';
import jwt from 'jsonwebtoken';
import { registerAccount, TestAccount } from '../support/accounts';
import { createTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';

jest.setTimeout(30_000);

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
  const sessionId = () => (jwt.decode(account.accessToken) as jwt.JwtPayload).sid as string;
  const claims = () => ({ sub: account.id, ver: 0, sid: sessionId() });

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
      'no login id (sid)',
      () =>
        jwt.sign({ sub: account.id, ver: 0 }, TEST_JWT_SECRET, {
          algorithm: 'HS256',
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: 60,
        }),
    ],
    [
      'an unknown login id',
      () =>
        jwt.sign({ ...claims(), sid: '00000000-0000-4000-8000-000000000000' }, TEST_JWT_SECRET, {
          algorithm: 'HS256',
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: 60,
        }),
    ],
    [
      'a malformed login id',
      () =>
        jwt.sign({ ...claims(), sid: 'not-a-uuid' }, TEST_JWT_SECRET, {
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
    expect(payload.header).toMatchObject({ alg: 'HS256', kid: jwtKeyId(TEST_JWT_SECRET) });
    expect(payload.payload).toMatchObject({
      sub: account.id,
      ver: 0,
      sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iss: ISSUER,
      aud: AUDIENCE,
    });
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

  it("refuses another user's login id", async () => {
    const other = await registerAccount(t);
    const otherSid = (jwt.decode(other.accessToken) as jwt.JwtPayload).sid as string;
    const token = jwt.sign({ ...claims(), sid: otherSid }, TEST_JWT_SECRET, {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: 60,
    });
    await me(token).expect(401);
  });
});

describe('JWT_SECRET rotation (JWT_PREVIOUS_SECRETS)', () => {
  const NEW_SECRET = 'the-next-secret-which-is-also-long-enough-9876543210';

  it('accepts tokens signed with a previous secret and signs new ones with the current secret', async () => {
    const before = await createTestApp();
    const after = await createTestApp({
      JWT_SECRET: NEW_SECRET,
      JWT_PREVIOUS_SECRETS: TEST_JWT_SECRET,
    });
    const unaware = await createTestApp({ JWT_SECRET: NEW_SECRET });
    try {
      const account = await registerAccount(before);
      const me = (app: TestApp, token: string) =>
        app
          .http()
          .get('/api/v1/me')
          .set({ Authorization: `Bearer ${token}` });
      // Issued before the rotation: still good where the old secret is listed as previous.
      await me(after, account.accessToken).expect(200);
      await me(unaware, account.accessToken).expect(401);

      const rotated = (
        await after.http().post('/api/v1/auth/refresh').send({ refreshToken: account.refreshToken })
      ).body;
      const header = (jwt.decode(rotated.accessToken, { complete: true }) as jwt.Jwt).header;
      expect(header.kid).toBe(jwtKeyId(NEW_SECRET));
      expect(() => jwt.verify(rotated.accessToken, NEW_SECRET)).not.toThrow();
      expect(() => jwt.verify(rotated.accessToken, TEST_JWT_SECRET)).toThrow();
      await me(after, rotated.accessToken).expect(200);
      await me(unaware, rotated.accessToken).expect(200);
      // The instance still on the old secret does not accept the new one's tokens.
      await me(before, rotated.accessToken).expect(401);
    } finally {
      await Promise.all([before.close(), after.close(), unaware.close()]);
    }
  });

  it('answers the same successor within the grace window across a rotation', async () => {
    const before = await createTestApp();
    const after = await createTestApp({
      JWT_SECRET: NEW_SECRET,
      JWT_PREVIOUS_SECRETS: TEST_JWT_SECRET,
    });
    try {
      const account = await registerAccount(before);
      const first = (
        await before
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: account.refreshToken })
          .expect(200)
      ).body;
      const again = (
        await after
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: account.refreshToken })
          .expect(200)
      ).body;
      expect(again.refreshToken).toBe(first.refreshToken);
    } finally {
      await Promise.all([before.close(), after.close()]);
    }
  });
});

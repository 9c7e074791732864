import { uniqueEmail } from '../support/accounts';
import { captureStdout } from '../support/capture-stdout';
import { createTestApp, TestApp } from '../support/test-app';

describe('logging of sign-in traffic (LOG_LEVEL=debug)', () => {
  let t: TestApp;
  let capture: ReturnType<typeof captureStdout>;
  beforeAll(async () => {
    capture = captureStdout();
    t = await createTestApp({ LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await t.close();
    capture.restore();
  });

  it('never writes a password, a hash or a token', async () => {
    const email = uniqueEmail();
    const password = 'a very distinctive password 9137';
    const registered = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password, displayName: 'Logged Reader' })
      .expect(201);
    const logged = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: `${password}-wrong` })
      .expect(401);
    const refreshed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: logged.body.refreshToken })
      .expect(200);
    await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: logged.body.refreshToken })
      .expect(200); // within the grace window: the same pair again
    await t
      .http()
      .post('/api/v1/auth/password')
      .set({ Authorization: `Bearer ${refreshed.body.accessToken}` })
      .send({ currentPassword: password, newPassword: `${password}-new` })
      .expect(204);
    await new Promise((resolve) => setImmediate(resolve));

    const output = capture.text();
    // The capture works: the request lines are there.
    expect(output).toContain('/api/v1/auth/register');
    expect(output).toContain('/api/v1/auth/refresh');
    const secrets = [
      password,
      registered.body.accessToken,
      registered.body.refreshToken,
      logged.body.refreshToken,
      refreshed.body.refreshToken,
      refreshed.body.accessToken,
      '$argon2id$',
    ];
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/"body"|passwordHash|password_hash/);
  });
});

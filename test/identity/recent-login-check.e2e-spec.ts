import { bearer, loginAgain, me, registerAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(30_000);

const TTL_MS = 1_500;

/**
 * A thread's public reads may take a login check up to CACHE_TTL_MS old (LoginCheckMayBeRecent);
 * every other route checks the login at once.
 */
describe('login checks of public thread reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CACHE_TTL_MS: String(TTL_MS) });
  });
  afterAll(() => t.close());

  const list = (accessToken: string) =>
    t.http().get('/api/v1/articles/no-such-article/comments').set(bearer(accessToken));

  it('refuses a logged-out token at once elsewhere, and on thread reads within CACHE_TTL_MS', async () => {
    const account = await registerAccount(t);
    // The login is live: the read reaches the article lookup.
    expect((await list(account.accessToken).expect(404)).body.code).toBe('article_not_found');
    await t
      .http()
      .post('/api/v1/auth/logout')
      .set(bearer(account.accessToken))
      .send({ refreshToken: account.refreshToken })
      .expect(204);
    const loggedOut = Date.now();
    expect((await me(t, account.accessToken).expect(401)).body.code).toBe('unauthenticated');
    const soon = await list(account.accessToken);
    // Still within the window (unless this machine was slow enough to pass it).
    if (Date.now() - loggedOut < TTL_MS - 200) expect(soon.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
    expect((await list(account.accessToken).expect(401)).body.code).toBe('unauthenticated');
  });

  it('never answers from a recent check for a login it has not seen live', async () => {
    const account = await registerAccount(t);
    const other = await loginAgain(t, account);
    // The other login is revoked before its access token was ever checked.
    await t
      .http()
      .post('/api/v1/auth/logout')
      .set(bearer(account.accessToken))
      .send({ refreshToken: other.refreshToken })
      .expect(204);
    expect((await list(other.accessToken).expect(401)).body.code).toBe('unauthenticated');
    expect((await list(account.accessToken).expect(404)).body.code).toBe('article_not_found');
  });
});

import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { loginAgain, registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import { BrowserKit, screenshot, startBrowserKit } from './support/browser-kit';

/**
 * The widget's side of the live stream, publisher SSO and token rotation. The stream and SSO
 * routes are answered by the browser here (page.route), in the contract's shapes, so these
 * specs pin the widget whether or not the service under test has those routes.
 */
describe('the widget with live updates, SSO, token rotation and paging', () => {
  let b: BrowserKit;
  let staff: TestAccount;
  let subscriber: TestAccount;
  let articleId: string;

  const demo = () => `${b.origin}/embed/demo?articleId=${encodeURIComponent(articleId)}`;
  const widget = (page: Page) => page.locator('parley-comments');

  beforeAll(async () => {
    b = await startBrowserKit();
    staff = await registerStaff(b.kit.t, 'moderator');
    subscriber = await registerAccount(b.kit.t, { displayName: 'Sub Scriber' });
    await b.kit.subscribe(subscriber);
    articleId = await createArticle(b.kit.t, staff, { title: 'Live' });
    await postComment(b.kit.t, staff, articleId, 'Already here.');
  });

  afterAll(async () => {
    await b?.close();
  });

  it('applies comment, comment_updated and count events from the stream', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    // A comment the first page did not have, in the list shape the stream sends.
    const arrived = {
      id: randomUUID(),
      articleId,
      parentId: null,
      author: { id: subscriber.id, displayName: 'Sub Scriber', badge: 'subscriber' },
      body: 'Arrived live.',
      status: 'visible',
      createdAt: new Date().toISOString(),
      editedAt: null,
      likeCount: 0,
      replyCount: 0,
      likedByMe: false,
      pinned: false,
    };
    const events = [
      `id: 1\nevent: comment\ndata: ${JSON.stringify(arrived)}\n\n`,
      `id: 2\nevent: count\ndata: ${JSON.stringify({ commentCount: 7 })}\n\n`,
      `id: 3\nevent: comment_updated\ndata: ${JSON.stringify({ ...arrived, likeCount: 5 })}\n\n`,
    ].join('');
    let served = false;
    await page.route(`**/api/v1/articles/*/stream`, (route) => {
      // Once: EventSource reconnects after the body ends, and a 204 tells it to stop.
      if (served) return route.fulfill({ status: 204 });
      served = true;
      return route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' },
        body: events,
      });
    });
    await page.goto(demo());
    const w = widget(page);
    await w.getByText('Arrived live.').waitFor();
    await w.locator('#count').getByText('7 comments').waitFor();
    await w.locator(`#comment-${arrived.id}`).getByText('5 likes').waitFor();
    await expect(w.getByText('Arrived live.').count()).resolves.toBe(1);
    await screenshot(page, 'widget-live');
    await context.close();
  });

  it('signs the reader in with the sso-token attribute instead of the form', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const tokens = await loginAgain(b.kit.t, subscriber);
    const sent: unknown[] = [];
    await page.route('**/api/v1/auth/sso', (route) => {
      sent.push(route.request().postDataJSON());
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ...tokens, user: { id: subscriber.id } }),
      });
    });
    await page.goto(demo());
    await page.evaluate(() =>
      document.querySelector('parley-comments')!.setAttribute('sso-token', 'publisher.jwt.here'),
    );
    const w = widget(page);
    await w.getByText('Signed in as Sub Scriber').waitFor();
    await w.getByLabel('Your comment').waitFor();
    expect(sent).toEqual([{ token: 'publisher.jwt.here' }]);
    await expect(w.getByRole('button', { name: 'Sign in' }).count()).resolves.toBe(0);
    await context.close();
  });

  it('rotates the refresh token when the access token is refused, and stays signed in', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const tokens = await loginAgain(b.kit.t, subscriber);
    await page.goto(demo());
    await page.evaluate(
      ([key, value]) => sessionStorage.setItem(key, value),
      [
        'parley:session:/api/v1',
        JSON.stringify({ accessToken: 'expired-or-garbage', refreshToken: tokens.refreshToken }),
      ],
    );
    await page.reload();
    const w = widget(page);
    await w.getByText('Signed in as Sub Scriber').waitFor();
    const stored = JSON.parse(
      await page.evaluate(() => sessionStorage.getItem('parley:session:/api/v1') ?? '{}'),
    );
    expect(stored.refreshToken).not.toBe(tokens.refreshToken);
    expect(stored.accessToken).not.toBe('expired-or-garbage');
    // The widget stored a working successor pair.
    await b.kit.t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: stored.refreshToken })
      .expect(200);
    await context.close();
  });

  it('pages with the cursor and sorts', async () => {
    const long = await createArticle(b.kit.t, staff, { title: 'Long' });
    for (let n = 1; n <= 23; n++)
      await postComment(b.kit.t, subscriber, long, `Comment number ${n}`);
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${b.origin}/embed/demo?articleId=${encodeURIComponent(long)}`);
    const w = widget(page);
    const articles = w.locator('article');
    await articles.first().getByText('Comment number 23').waitFor();
    await expect(articles.count()).resolves.toBe(20);
    await w.getByRole('button', { name: 'Show more comments' }).click();
    await articles.nth(22).getByText('Comment number 1', { exact: true }).waitFor();
    await expect(w.getByRole('button', { name: 'Show more comments' }).count()).resolves.toBe(0);
    await w.getByLabel('Sort comments').selectOption('oldest');
    await articles.first().getByText('Comment number 1', { exact: true }).waitFor();
    await expect(articles.count()).resolves.toBe(20);
    await context.close();
  });
});

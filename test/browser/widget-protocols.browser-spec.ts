import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { loginAgain, registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import { signSsoToken, SSO_ENV } from '../support/sso';
import {
  BrowserKit,
  screenshot,
  seriousViolations,
  startBrowserKit,
  startPublisher,
} from './support/browser-kit';

/** Where the widget of the demo page (api /api/v1) keeps the reader's tokens. */
const SESSION_KEY = 'parley:session:/api/v1';

interface StreamWindow {
  parleyStreamOpen?: boolean;
  sameDocument?: boolean;
}

/**
 * Runs in the page before the widget: notes when an EventSource has received its first event
 * (the stream's opening count), so that a post made afterwards is one this stream must deliver.
 */
function markStreamReady(): void {
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener('count', () => {
        (window as StreamWindow).parleyStreamOpen = true;
      });
    }
  };
}

const widget = (page: Page) => page.locator('parley-comments');

/** The widget's side of the live stream and token rotation, against the real service. */
describe('the widget with live updates, token rotation and paging', () => {
  let b: BrowserKit;
  let staff: TestAccount;
  let subscriber: TestAccount;
  let articleId: string;

  const demo = () => `${b.origin}/embed/demo?articleId=${encodeURIComponent(articleId)}`;

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

  it('shows a second reader a new comment live, and drops it when a moderator rejects it', async () => {
    // The poster: a subscriber signed in through the widget's stored session.
    const posterContext = await b.browser.newContext();
    const poster = await posterContext.newPage();
    const tokens = await loginAgain(b.kit.t, subscriber);
    await poster.addInitScript(
      ([key, value]) => sessionStorage.setItem(key, value),
      [SESSION_KEY, JSON.stringify(tokens)],
    );
    await poster.goto(demo());
    const mine = widget(poster);
    await mine.getByLabel('Your comment').waitFor();

    // The watcher: an anonymous reader whose page only the stream changes.
    const watcherContext = await b.browser.newContext();
    const watcher = await watcherContext.newPage();
    await watcher.addInitScript(markStreamReady);
    await watcher.goto(demo());
    const w = widget(watcher);
    await w.getByText('Already here.').waitFor();
    await expect(w.locator('#count').textContent()).resolves.toBe('1 comment');
    await watcher.waitForFunction(() => (window as StreamWindow).parleyStreamOpen === true);
    await watcher.evaluate(() => ((window as StreamWindow).sameDocument = true));

    await mine.getByLabel('Your comment').fill('Arrived live.');
    await mine.getByRole('button', { name: 'Post comment' }).click();
    await mine.getByText('Your comment was posted.').waitFor();

    const arrived = w.locator('article', { hasText: 'Arrived live.' });
    await arrived.waitFor();
    await w.locator('#count').getByText('2 comments').waitFor();
    await expect(arrived.count()).resolves.toBe(1);
    await screenshot(watcher, 'widget-live');
    expect(await seriousViolations(watcher)).toEqual([]);

    const id = (await arrived.getAttribute('id'))!.replace(/^comment-/, '');
    await b.kit.t
      .http()
      .post(`/api/v1/moderation/comments/${id}/reject`)
      .set(staff.auth)
      .send({ code: 'spam' })
      .expect(200);
    await arrived.waitFor({ state: 'detached' });
    await w.locator('#count').getByText('1 comment').waitFor();
    await mine.locator('article', { hasText: 'Arrived live.' }).waitFor({ state: 'detached' });
    await expect(w.getByText('This comment was removed by a moderator.').count()).resolves.toBe(0);
    // Never reloaded: the mark set before the post is still on the same document.
    await expect(
      watcher.evaluate(() => (window as StreamWindow).sameDocument === true),
    ).resolves.toBe(true);
    await posterContext.close();
    await watcherContext.close();
  });

  it('rotates the refresh token when the access token is refused, and stays signed in', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const tokens = await loginAgain(b.kit.t, subscriber);
    await page.goto(demo());
    await page.evaluate(
      ([key, value]) => sessionStorage.setItem(key, value),
      [
        SESSION_KEY,
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

  it('tells a reader before they write that new comments wait: pre-moderation, and a surge although moderation says post', async () => {
    const admin = await registerStaff(b.kit.t, 'admin');
    const policy = (surgeCommentsPerMinute: number) =>
      b.kit.t
        .http()
        .put('/api/v1/moderation/policy')
        .set(admin.auth)
        .send({ surgeCommentsPerMinute })
        .expect(200);
    const plain = await createArticle(b.kit.t, staff, { title: 'Plain' });
    const premoderated = await createArticle(b.kit.t, staff, { title: 'Pre', moderation: 'pre' });
    const surging = await createArticle(b.kit.t, staff, { title: 'Surging' });
    await policy(1);
    try {
      await postComment(b.kit.t, staff, surging, 'First of a busy minute.');
      const held = await postComment(b.kit.t, staff, surging, 'One too many.');
      expect(held.status).toBe('pending');
    } finally {
      await policy(0);
    }
    const article = await b.kit.t.http().get(`/api/v1/articles/${surging}`).expect(200);
    expect(article.body.moderation).toBe('post');

    const context = await b.browser.newContext();
    const page = await context.newPage();
    const tokens = await loginAgain(b.kit.t, subscriber);
    await page.addInitScript(
      ([key, value]) => sessionStorage.setItem(key, value),
      [SESSION_KEY, JSON.stringify(tokens)],
    );
    const w = widget(page);
    const notice = 'New comments here are read by a moderator before they appear.';
    const open = async (id: string) => {
      await page.goto(`${b.origin}/embed/demo?articleId=${encodeURIComponent(id)}`);
      await w.getByLabel('Your comment').waitFor();
    };
    await open(plain);
    await expect(w.getByText(notice).count()).resolves.toBe(0);
    for (const id of [premoderated, surging]) {
      await open(id);
      await w.getByText(notice).waitFor();
      await expect(w.getByLabel('Your comment').getAttribute('aria-describedby')).resolves.toBe(
        'composer-waits',
      );
    }
    await screenshot(page, 'widget-comments-wait');
    expect(await seriousViolations(page)).toEqual([]);
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

describe("the widget on a publisher's page with its SSO token", () => {
  let b: BrowserKit;
  let publisher: { origin: string; server: Server };
  let articleId: string;
  const sub = `reader-${randomUUID()}`;

  beforeAll(async () => {
    // Each load of the page carries a fresh token, signed as the publisher's back end would: a
    // token is single-use.
    publisher = await startPublisher(async () => {
      const token = await signSsoToken({
        sub,
        claims: {
          email: `${sub}@news.example.com`,
          name: 'Publisher Reader',
          entitlement: {
            commenting: true,
            until: Math.floor(Date.now() / 1000) + 3600,
            plan: 'digital',
          },
        },
      });
      return `<!doctype html><html lang="en"><head><title>News</title>
        <script src="${b.origin}/embed/parley.js" defer></script></head><body><main>
        <parley-comments article-id="${articleId}" article-title="A story" api="${b.origin}/api/v1"
          sso-token="${token}"></parley-comments></main></body></html>`;
    });
    b = await startBrowserKit({ ...SSO_ENV, CORS_ORIGINS: publisher.origin });
    const staff = await registerStaff(b.kit.t, 'moderator');
    articleId = await createArticle(b.kit.t, staff, { title: 'Publisher SSO' });
  });

  afterAll(async () => {
    await b?.close();
    publisher?.server.close();
  });

  it('signs the reader in without the form and lets them post on the publisher entitlement', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${publisher.origin}/2026/a-story`);
    const w = widget(page);
    await w.getByText('Signed in as Publisher Reader').waitFor();
    await expect(w.getByRole('button', { name: 'Sign in' }).count()).resolves.toBe(0);
    await w.getByLabel('Your comment').fill('Posted as a subscriber of the publisher.');
    await w.getByRole('button', { name: 'Post comment' }).click();
    await w.getByText('Your comment was posted.').waitFor();
    await w.locator('article', { hasText: 'Posted as a subscriber of the publisher.' }).waitFor();
    await screenshot(page, 'widget-sso');
    expect(await seriousViolations(page)).toEqual([]);

    const stored = JSON.parse(
      await page.evaluate(
        (key) => sessionStorage.getItem(key) ?? '{}',
        `parley:session:${b.origin}/api/v1`,
      ),
    );
    const me = await b.kit.t
      .http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${stored.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({
      displayName: 'Publisher Reader',
      entitlement: { canComment: true, source: 'publisher' },
    });

    // A later visit brings a new token and the same account.
    await page.reload();
    await w.getByText('Signed in as Publisher Reader').waitFor();
    await w.getByLabel('Your comment').waitFor();
    await expect(w.getByText('Signing in through the publisher failed.').count()).resolves.toBe(0);
    await context.close();
  });
});

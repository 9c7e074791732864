import { markEmailVerified } from '@parley/testing';
import { PrismaService } from '@parley/database';
import type { BrowserContext, Page } from 'playwright-core';
import type { Server } from 'node:http';
import { registerAccount, registerStaff, TestAccount, uniqueEmail } from '../support/accounts';
import { WEBHOOK_SECRET } from '../support/billing';
import { createArticle, postComment } from '../support/threads';
import { signStripeEvent, stripeEvent } from '@parley/testing';
import {
  BrowserKit,
  screenshot,
  seriousViolations,
  startBrowserKit,
  startPublisher,
  tabTo,
} from './support/browser-kit';

/**
 * The journeys of issue 18 in a real browser: a reader on a publisher's page, and a moderator in
 * the console, against the service with the fake Stripe of the billing specs.
 */
describe('the discussion widget and the moderation console', () => {
  let b: BrowserKit;
  let staff: TestAccount;
  let regular: TestAccount;
  let articleId: string;
  let pinnedId: string;
  let reader: { email: string; password: string; id?: string; commentText: string };
  let readerContext: BrowserContext;
  let readerPage: Page;
  const problems: string[] = [];
  let publisher: { origin: string; server: Server };

  const demo = (id = articleId) => `${b.origin}/embed/demo?articleId=${encodeURIComponent(id)}`;
  const widget = (page: Page) => page.locator('parley-comments');

  function watch(page: Page): Page {
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/404|Failed to load resource/.test(message.text()))
        problems.push(`console: ${message.text()}`);
    });
    return page;
  }

  beforeAll(async () => {
    publisher = await startPublisher(
      () => `<!doctype html><html lang="en"><head><title>News</title>
        <script src="${b.origin}/embed/parley.js" defer></script></head><body><main>
        <parley-comments article-id="${articleId}" article-title="A story" api="${b.origin}/api/v1">
        </parley-comments></main></body></html>`,
    );
    b = await startBrowserKit({ CORS_ORIGINS: publisher.origin });
    staff = await registerStaff(b.kit.t, 'moderator');
    regular = await registerAccount(b.kit.t, { displayName: 'Regular Reader' });
    await b.kit.subscribe(regular);
    articleId = await createArticle(b.kit.t, staff, { title: 'A demo article' });
    const pinned = await postComment(b.kit.t, staff, articleId, 'Welcome: please keep it civil.');
    pinnedId = pinned.id;
    await b.kit.t
      .http()
      .post(`/api/v1/moderation/comments/${pinnedId}/pin`)
      .set(staff.auth)
      .expect(200);
    const gone = await postComment(b.kit.t, regular, articleId, 'A first thought, later deleted.');
    await postComment(b.kit.t, staff, articleId, 'A reply that keeps the thread.', gone.id);
    await b.kit.t.http().delete(`/api/v1/comments/${gone.id}`).set(regular.auth).expect(204);
    await postComment(
      b.kit.t,
      regular,
      articleId,
      'Sources: https://example.com/report and <b>not html</b> javascript:alert(1)',
    );
    reader = { email: uniqueEmail('browser'), password: 'correct horse battery', commentText: '' };
    readerContext = await b.browser.newContext({ viewport: { width: 900, height: 1200 } });
    readerPage = watch(await readerContext.newPage());
    readerPage.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await b?.close();
    publisher?.server.close();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  it('shows an anonymous reader the count, the thread (pinned first, placeholders) and the call to action', async () => {
    const page = readerPage;
    await page.goto(demo());
    const w = widget(page);
    // Waited for: the element shows its markup before the first answers come.
    await w.locator('#count').getByText('3 comments').waitFor();
    const comments = w.locator('article');
    await comments.first().waitFor();
    await expect(comments.first().textContent()).resolves.toContain(
      'Welcome: please keep it civil.',
    );
    await expect(comments.first().textContent()).resolves.toContain('Pinned');
    await expect(w.getByText('This comment was deleted.').count()).resolves.toBe(1);
    // Text stays text; only the http(s) URL is a link, and a safe one.
    await expect(w.locator('b').count()).resolves.toBe(0);
    const link = w.getByRole('link', { name: 'https://example.com/report' });
    await expect(link.getAttribute('rel')).resolves.toBe('nofollow ugc noopener');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(w.getByRole('link').count()).resolves.toBe(1);
    // Replies on demand.
    await w.getByRole('button', { name: 'Show replies (1)' }).click();
    await w.getByText('A reply that keeps the thread.').waitFor();
    await expect(w.getByRole('button', { name: /Subscribe: Monthly/ }).isVisible()).resolves.toBe(
      true,
    );
    await expect(w.getByRole('button', { name: /Subscribe: Yearly/ }).isVisible()).resolves.toBe(
      true,
    );
    await screenshot(page, 'widget-anonymous');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("works on a publisher's own origin: one script tag, one element, CORS_ORIGINS", async () => {
    const context = await b.browser.newContext();
    const page = watch(await context.newPage());
    await page.goto(`${publisher.origin}/2026/a-story`);
    const w = widget(page);
    await w.getByText('Welcome: please keep it civil.').waitFor();
    await expect(w.locator('#count').textContent()).resolves.toBe('3 comments');
    await context.close();
  });

  it('lets a reader register, subscribe through Checkout and post with the keyboard only', async () => {
    const page = readerPage;
    const w = widget(page);
    await w.getByRole('button', { name: 'Create an account' }).click();
    await w.getByLabel('Email').fill(reader.email);
    await w.getByLabel('Password').fill(reader.password);
    await w.getByLabel('Display name').fill('Browser Reader');
    await w.getByRole('button', { name: 'Create an account' }).click();
    await w.getByText('Signed in as Browser Reader').waitFor();
    await w.getByText('Confirm your email address').waitFor();
    await screenshot(page, 'widget-unverified');

    // The reader follows the emailed link (marked in the database, as the API specs do).
    const user = await b.kit.prisma.user.findFirstOrThrow({ where: { email: reader.email } });
    reader.id = user.id;
    await markEmailVerified(b.kit.t.app.get(PrismaService), user.id);
    await page.reload();
    await w.getByText('Commenting is for subscribers.').waitFor();
    await screenshot(page, 'widget-subscribe');

    // Checkout: the widget sends the browser to Stripe; the fake Stripe completes the payment
    // and Stripe's signed webhook reaches the service.
    let sessionId = '';
    await page.route('https://checkout.stripe.test/**', (route) => {
      sessionId = new URL(route.request().url()).pathname.split('/').pop()!;
      return route.fulfill({
        contentType: 'text/html',
        body: '<title>Checkout</title><h1>Pay</h1>',
      });
    });
    await w.getByRole('button', { name: /Subscribe: Monthly/ }).click();
    await page.waitForURL(/checkout\.stripe\.test/);
    const { session } = b.kit.stripe.completeCheckout(sessionId);
    const signed = signStripeEvent(
      stripeEvent('checkout.session.completed', session),
      WEBHOOK_SECRET,
    );
    await b.kit.t
      .http()
      .post('/api/v1/billing/webhook')
      .set(signed.headers)
      .send(signed.body)
      .expect(200);

    // Back on the article, still signed in (sessionStorage), the reader may post.
    await page.goto(demo());
    await w.getByLabel('Your comment').waitFor();
    await page.locator('body').focus();
    await tabTo(page, /^textarea#composer-body/);
    reader.commentText = 'Posted with the keyboard alone: a fine article.';
    await page.keyboard.type(reader.commentText);
    await page.keyboard.press('Tab');
    await tabTo(page, /^button Post comment/);
    await page.keyboard.press('Enter');
    await w.getByText('Your comment was posted.').waitFor();
    await w.locator('article', { hasText: reader.commentText }).waitFor();
    // The live stream's count event brings the new count.
    await w.locator('#count').getByText('4 comments').waitFor();
    await expect(w.locator('article').first().textContent()).resolves.toContain('Welcome');
    await screenshot(page, 'widget');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lets the reader reply, edit, like and report', async () => {
    const page = readerPage;
    const w = widget(page);
    const pinned = w.locator(`#comment-${pinnedId}`);
    await pinned.getByRole('button', { name: 'Reply', exact: true }).click();
    await w.getByLabel('Your reply to Test moderator').fill('Thanks, will do.');
    await w.getByRole('button', { name: 'Post reply' }).click();
    await w.getByText('Thanks, will do.').waitFor();

    // By id: while the editor is open the text is a textarea's value, not the article's text.
    const mineId = await w.locator('article', { hasText: reader.commentText }).getAttribute('id');
    const mine = w.locator(`#${mineId}`);
    await mine.getByRole('button', { name: 'Edit' }).click();
    const editor = mine.locator('textarea');
    await editor.fill('Posted with the keyboard alone: a fine article, edited.');
    await mine.getByRole('button', { name: 'Save' }).click();
    await mine.getByText('(edited)').waitFor();
    reader.commentText = 'Posted with the keyboard alone: a fine article, edited.';

    await pinned.getByRole('button', { name: 'Like', exact: true }).click();
    await pinned.getByText('1 like', { exact: true }).waitFor();
    await expect(
      pinned.getByRole('button', { name: 'Unlike' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');

    await pinned.getByRole('button', { name: 'Report' }).click();
    await w.getByLabel('Why are you reporting this comment?').selectOption('off_topic');
    await w.getByRole('button', { name: 'Send report' }).click();
    await w.getByText('Thank you, a moderator will look at it.').waitFor();
    const reported = await b.kit.t
      .http()
      .get('/api/v1/moderation/queue?type=reported')
      .set(staff.auth)
      .expect(200);
    const item = reported.body.items.find((i: { id: string }) => i.id === pinnedId);
    expect(item.reportCounts.off_topic).toBe(1);
    await screenshot(page, 'widget-replied');
  });

  it('lets a moderator reject the comment in the console; the reader then no longer sees it', async () => {
    // Another reader reports the comment, which puts it in the reported queue.
    const mine = await b.kit.prisma.comment.findFirstOrThrow({
      where: { authorId: reader.id, parentId: null },
    });
    await b.kit.t
      .http()
      .post(`/api/v1/comments/${mine.id}/reports`)
      .set(regular.auth)
      .send({ reason: 'abuse' })
      .expect(201);

    const context = await b.browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = watch(await context.newPage());
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${b.origin}/console/`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Pending comments' }).waitFor();
    await page.getByRole('button', { name: 'Reported' }).click();
    const item = page.locator(`#item-${mine.id}`);
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('reports: abuse ×1');
    await page.getByLabel('Reject code').selectOption('harassment');
    await screenshot(page, 'console');
    expect(await seriousViolations(page)).toEqual([]);
    await item.getByRole('button', { name: 'Reject (harassment)' }).click();
    await page.getByText('Rejected 1.').waitFor();
    await expect(item.count()).resolves.toBe(0);
    expect(violations).toEqual([]);
    await context.close();

    const audit = await b.kit.t
      .http()
      .get('/api/v1/moderation/actions')
      .set(staff.auth)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ reasonCode: 'harassment' });

    await readerPage.reload();
    const w = widget(readerPage);
    await w.locator('article').first().waitFor();
    await expect(w.getByText('keyboard alone').count()).resolves.toBe(0);
    await screenshot(readerPage, 'widget-after-rejection');
  });

  it('lets a moderator approve pending comments with the keyboard only', async () => {
    const held = await createArticle(b.kit.t, staff, { title: 'Held', moderation: 'pre' });
    const first = await postComment(b.kit.t, regular, held, 'Waiting for a moderator, one.');
    const second = await postComment(b.kit.t, regular, held, 'Waiting for a moderator, two.');
    const context = await b.browser.newContext();
    const page = watch(await context.newPage());
    await page.goto(`${b.origin}/console/`);
    // Still signed in? A new context is a new session: sign in with the keyboard.
    await page.locator('body').focus();
    await tabTo(page, /^input#email/);
    await page.keyboard.type(staff.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(staff.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Pending comments' }).waitFor();
    await page.locator(`#item-${first.id}`).waitFor();
    // The queue is oldest first: j moves to the next item, a approves the current one.
    const ids = await page.locator('li.item').evaluateAll((items) => items.map((i) => i.id));
    const firstIndex = ids.indexOf(`item-${first.id}`);
    for (let i = 0; i < firstIndex; i++) await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.getByText('Approved 1.').waitFor();
    await page.keyboard.press('a');
    await page.locator(`#item-${second.id}`).waitFor({ state: 'detached' });
    await screenshot(page, 'console-approved');
    await context.close();
    const visible = await b.kit.t.http().get(`/api/v1/articles/${held}/comments`).expect(200);
    expect(visible.body.items.map((c: { id: string }) => c.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
  });

  it('lets a moderator decide in bulk, edit banned words and read the audit log in the console', async () => {
    const held = await createArticle(b.kit.t, staff, { title: 'Held again', moderation: 'pre' });
    const first = await postComment(b.kit.t, regular, held, 'Bulk candidate, one.');
    const second = await postComment(b.kit.t, regular, held, 'Bulk candidate, two.');
    const context = await b.browser.newContext();
    const page = watch(await context.newPage());
    await page.goto(`${b.origin}/console/`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`#item-${first.id}`).waitFor();
    await page.locator(`#select-${first.id}`).check();
    await page.locator(`#select-${second.id}`).check();
    await page.getByLabel('Reject code').selectOption('spam');
    await page.getByRole('button', { name: 'Reject selected (2)' }).click();
    await page.getByText('Rejected 2.').waitFor();
    const left = await b.kit.t.http().get(`/api/v1/articles/${held}/comments`).expect(200);
    expect(left.body.items).toEqual([]);

    await page.getByRole('button', { name: 'Banned words' }).click();
    await page.getByLabel(/One word per line/).fill('scam\nfraud');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Banned words saved.').waitFor();
    const words = await b.kit.t.http().get('/api/v1/moderation/banned-words').set(staff.auth);
    expect(words.body.words.sort()).toEqual(['fraud', 'scam']);

    // A banned word holds a comment (on an article without pre-moderation): the queue says why,
    // and both are approved at once.
    const open = await createArticle(b.kit.t, staff, { title: 'Open' });
    const scam = await postComment(b.kit.t, regular, open, 'Looks like a scam to me.');
    const fraud = await postComment(b.kit.t, regular, open, 'Or plain fraud.');
    expect([scam.status, fraud.status]).toEqual(['pending', 'pending']);
    await page.getByRole('button', { name: 'Pending' }).click();
    for (const held of [scam, fraud]) {
      const item = page.locator(`#item-${held.id}`);
      await item.getByText('held: banned_word').waitFor();
      await page.locator(`#select-${held.id}`).check();
    }
    await page.getByRole('button', { name: 'Approve selected (2)' }).click();
    await page.getByText('Approved 2.').waitFor();
    const shown = await b.kit.t.http().get(`/api/v1/articles/${open}/comments`).expect(200);
    expect(shown.body.items.map((c: { id: string }) => c.id).sort()).toEqual(
      [scam.id, fraud.id].sort(),
    );
    await b.kit.t
      .http()
      .put('/api/v1/moderation/banned-words')
      .set(staff.auth)
      .send({ words: [] })
      .expect(200);

    await page.getByRole('button', { name: 'Audit log' }).click();
    await page.getByRole('table').waitFor();
    await expect(page.getByRole('cell', { name: 'spam' }).count()).resolves.toBeGreaterThanOrEqual(
      2,
    );
    await screenshot(page, 'console-audit');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("opens a user's page from a queue item and bans the user from there", async () => {
    const troll = await registerAccount(b.kit.t, { displayName: 'Troll Account' });
    await b.kit.subscribe(troll);
    const bad = await postComment(b.kit.t, troll, articleId, 'Something nasty.');
    await b.kit.t
      .http()
      .post(`/api/v1/comments/${bad.id}/reports`)
      .set(regular.auth)
      .send({ reason: 'abuse' })
      .expect(201);
    const context = await b.browser.newContext();
    const page = watch(await context.newPage());
    await page.goto(`${b.origin}/console/`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Reported' }).click();
    await page.locator(`#item-${bad.id}`).getByRole('button', { name: 'Troll Account' }).click();
    await page.getByRole('heading', { name: `User ${troll.id}` }).waitFor();
    // The service's profile: tenure (member and subscriber since today), counts, history.
    const today = await page.evaluate(() => new Date().toLocaleDateString());
    const profile = page.locator('dl.profile');
    await profile.getByText('visible 1, pending 0, removed 0, deleted 0').waitFor();
    await profile.getByText('made 0, received 1').waitFor();
    await expect(profile.locator('dt:has-text("Member since") + dd').textContent()).resolves.toBe(
      today,
    );
    await expect(
      profile.locator('dt:has-text("Subscriber since") + dd').textContent(),
    ).resolves.toBe(today);
    await page
      .locator('li.item', { hasText: 'Something nasty.' })
      .getByText(/^visible,/)
      .waitFor();

    await page.getByLabel('Note').fill('Warned by mail');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Done: notes.').waitFor();
    await profile.getByText(/^Warned by mail · Test moderator · /).waitFor();
    await page.getByRole('button', { name: 'Ban', exact: true }).click();
    await page.getByText('Done: ban.').waitFor();
    await profile.getByText(/^ban · /).waitFor();
    await profile.getByText('(reader, banned)').waitFor();
    await screenshot(page, 'console-user');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
    const me = await b.kit.t.http().get('/api/v1/me').set(troll.auth);
    expect(me.body.status ?? me.body.code).toMatch(/banned/);
  });

  it('reads and changes the site policy in the console (admins change it)', async () => {
    const admin = await registerStaff(b.kit.t, 'admin');
    const signIn = async (account: TestAccount) => {
      const context = await b.browser.newContext();
      const page = watch(await context.newPage());
      await page.goto(`${b.origin}/console/`);
      await page.getByLabel('Email').fill(account.email);
      await page.getByLabel('Password').fill(account.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Site policy' }).click();
      await page.getByLabel('Hold comments with links').waitFor();
      return { context, page };
    };

    // A moderator reads it; the service refuses their change and the console says so.
    const moderator = await signIn(staff);
    await moderator.page.getByLabel('Hold comments with links').check();
    await moderator.page.getByRole('button', { name: 'Save' }).click();
    await moderator.page
      .getByRole('status')
      .getByText('forbidden: Your role may not do this')
      .waitFor();
    await moderator.context.close();

    const { context, page } = await signIn(admin);
    const links = page.getByLabel('Hold comments with links');
    await expect(links.isChecked()).resolves.toBe(false);
    await expect(page.getByLabel(/First comments of a new commenter/).inputValue()).resolves.toBe(
      '0',
    );
    await links.check();
    await page.getByLabel(/Comments per minute/).fill('40');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Policy saved.').waitFor();
    const policy = await b.kit.t.http().get('/api/v1/moderation/policy').set(staff.auth);
    expect(policy.body).toMatchObject({
      holdLinks: true,
      surgeCommentsPerMinute: 40,
      newCommenterPremoderation: 0,
    });
    // Read back from the service on opening the page again.
    await page.getByRole('button', { name: 'Pending' }).click();
    await page.getByRole('button', { name: 'Site policy' }).click();
    await expect(page.getByLabel(/Comments per minute/).inputValue()).resolves.toBe('40');
    await expect(links.isChecked()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
    await b.kit.t
      .http()
      .put('/api/v1/moderation/policy')
      .set(admin.auth)
      .send({ holdLinks: false, surgeCommentsPerMinute: 0 })
      .expect(200);
  });
});

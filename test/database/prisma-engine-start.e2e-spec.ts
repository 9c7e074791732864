import { MendedPrismaPg, PrismaService, RetentionJob } from '@parley/database';
import { registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';
import { WebhookReceiver } from '../webhooks/receiver';

jest.setTimeout(60_000);

const ENV = {
  OUTBOX_POLL_INTERVAL_MS: '50',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  ARTICLE_CHANGED_INTERVAL_SECONDS: '0',
};

/**
 * Prisma's engine (its WASM query compiler, ~30 MB resident per instance) starts with the first
 * Prisma query, when its adapter connects. What an instance serves all day must never start it:
 * reading, top-level posting, likes, the `article.changed` event that every post causes, and the
 * retention job's rounds.
 */
describe("Prisma's engine on the readers' paths", () => {
  const hooks = new WebhookReceiver();
  let t: TestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await hooks.stop();
  });

  it('is not started by reading, posting, liking, the article.changed event or a retention round', async () => {
    // The set-up (accounts, an article, a webhook endpoint) goes through Prisma, on an app of its own.
    const setup = await createTestApp(ENV);
    let staff: TestAccount;
    let articleId: string;
    try {
      staff = await registerStaff(setup, 'admin');
      articleId = await createArticle(setup, staff);
      await setup
        .http()
        .post('/api/v1/admin/webhooks')
        .set(staff.auth)
        .send({ url: await hooks.start(), events: ['article.changed'] })
        .expect(201);
    } finally {
      await setup.close();
    }

    const connect = jest.spyOn(MendedPrismaPg.prototype, 'connect');
    try {
      t = await createTestApp(ENV);
      const page = `/api/v1/articles/${encodeURIComponent(articleId)}/comments`;
      await t.http().get(page).expect(200);
      const comment = await postComment(t, staff, articleId, 'Read, posted and liked');
      await t.http().get(page).set(staff.auth).expect(200);
      await t.http().put(`/api/v1/comments/${comment.id}/like`).set(staff.auth).expect(204);
      await hooks.waitFor('article.changed', { articleId, commentCount: 1 });
      // Every instance runs the retention job's rounds (one at a time).
      expect(await t.app.get(RetentionJob).runOnce()).not.toBeNull();
      expect(connect).not.toHaveBeenCalled();

      // The spy sees the engine start: any Prisma query starts it.
      await t.app.get(PrismaService).user.count();
      expect(connect).toHaveBeenCalledTimes(1);
    } finally {
      await t?.app.get(PrismaService).webhookEndpoint.deleteMany();
      connect.mockRestore();
    }
  });
});

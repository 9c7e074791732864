import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';
import { createLiveKit, eventMatching, LiveKit } from './live-kit';
import { openStream, portOf } from './sse-client';

jest.setTimeout(60_000);

const redisUrl = process.env.TEST_REDIS_URL;

/** A Last-Event-ID ahead of the history is a reset, in either transport. */
function describeReplay(mode: string, env: Record<string, string>) {
  describe(`resumption (${mode})`, () => {
    let t: TestApp;
    let kit: LiveKit;
    let port: number;

    beforeAll(async () => {
      t = await createTestApp(env);
      await t.app.listen(0, '127.0.0.1');
      port = portOf(t.app);
      kit = await createLiveKit(t, 4);
    });
    afterAll(() => t?.close());

    it('answers a Last-Event-ID ahead of the history with a reset, then sends what follows', async () => {
      const [alice] = kit.readers;
      const articleId = await createArticle(t, kit.moderator);
      await postComment(t, alice, articleId, 'Before the reader came');
      for (const ahead of ['99999999999999', '9000000000000000000-0']) {
        const stream = await openStream(port, articleId, { 'Last-Event-ID': ahead });
        expect(stream.status).toBe(200);
        const [first] = await stream.waitFor(1);
        expect(first.event).toBe('reset');
        const after = await postComment(t, alice, articleId, `After the reset ${ahead}`);
        const comment = await eventMatching(stream, (e) => e.event === 'comment', 1);
        expect(comment.data).toMatchObject({ id: after.id });
        stream.close();
      }
    });
  });
}

describeReplay('PostgreSQL', {});
if (redisUrl) describeReplay('Redis', { REDIS_URL: redisUrl });
else it.skip('resumption (Redis): TEST_REDIS_URL is not set', () => undefined);

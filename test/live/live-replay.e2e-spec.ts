import { PrismaService } from '@parley/database';
import type { TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';
import { createLiveKit, eventMatching, LiveKit } from './live-kit';
import { openStream, portOf, SseEvent, SseStream } from './sse-client';

jest.setTimeout(60_000);

const redisUrl = process.env.TEST_REDIS_URL;

const isCount = (n: number) => (e: SseEvent) =>
  e.event === 'count' && (e.data as { commentCount: number }).commentCount === n;

const positions = (events: SseEvent[]) => events.map((e) => [e.id, e.event]);

const eventsOf = (events: SseEvent[], commentId: string) =>
  events.filter((e) => (e.data as { id?: string }).id === commentId);

/** What the history leaks of a comment, if anything: its texts or its author's id. */
function expectNoTrace(events: SseEvent[], traces: string[]): void {
  const wire = JSON.stringify(events);
  for (const trace of traces) expect(wire).not.toContain(trace);
}

/**
 * A resumption replays the history as anonymous lists show it now, with the ids the events went
 * out with, in either transport; and an id ahead of the history is a reset in either.
 */
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

    const edit = (author: TestAccount, commentId: string, body: string) =>
      t.http().patch(`/api/v1/comments/${commentId}`).set(author.auth).send({ body }).expect(200);

    /** Every event of the article's history, from a resumption at its start. */
    async function replayFromStart(articleId: string, count: number): Promise<SseStream> {
      const replay = await openStream(port, articleId, { 'Last-Event-ID': '0' });
      expect(replay.status).toBe(200);
      await replay.waitFor(count);
      // Nothing more in the history than the live stream got.
      await new Promise((resolve) => setTimeout(resolve, 200));
      replay.close();
      return replay;
    }

    it('replays a comment removed since without its text or author, with the ids it went out with', async () => {
      const [alice, bob] = kit.readers;
      const articleId = await createArticle(t, kit.moderator);
      const live = await openStream(port, articleId);
      await live.waitFor(1);
      const removed = await postComment(t, alice, articleId, 'Words a moderator removes');
      const kept = await postComment(t, bob, articleId, 'Words that stay');
      await edit(alice, removed.id, 'Words edited before removal');
      await t
        .http()
        .post(`/api/v1/moderation/comments/${removed.id}/reject`)
        .set(kit.moderator.auth)
        .send({ code: 'spam' })
        .expect(200);
      await eventMatching(live, isCount(1), 3);
      await eventMatching(live, (e) => (e.data as { status?: string }).status === 'removed', 3);
      const published = live.events.slice(1);
      live.close();
      // The transport under test gave the ids: Redis stream ids, or PostgreSQL counters.
      expect(published[0].id).toMatch(env.REDIS_URL ? /^\d+-\d+$/ : /^\d+$/);
      // The live stream had the text as it went out.
      expect(JSON.stringify(published)).toContain('Words a moderator removes');

      const replay = await replayFromStart(articleId, published.length);
      expect(positions(replay.events)).toEqual(positions(published));
      expectNoTrace(replay.events, [
        'Words a moderator removes',
        'Words edited before removal',
        alice.id,
      ]);
      const replayed = eventsOf(replay.events, removed.id);
      expect(replayed.map((e) => e.event)).toEqual([
        'comment',
        'comment_updated',
        'comment_updated',
      ]);
      for (const event of replayed)
        expect(event.data).toMatchObject({
          id: removed.id,
          status: 'removed',
          author: null,
          body: null,
          editedAt: null,
        });
      // A visible comment is replayed as it is, with its author.
      expect(eventsOf(replay.events, kept.id)[0].data).toMatchObject({
        body: 'Words that stay',
        author: { id: bob.id },
      });
      // Counts replay as they went out.
      expect(replay.events.filter((e) => e.event === 'count')).toEqual(
        published.filter((e) => e.event === 'count'),
      );
    });

    it('replays a comment its author deleted without its text or author', async () => {
      const [alice] = kit.readers;
      const articleId = await createArticle(t, kit.moderator);
      const deleted = await postComment(t, alice, articleId, 'Words I take back');
      await t.http().delete(`/api/v1/comments/${deleted.id}`).set(alice.auth).expect(204);
      const replay = await replayFromStart(articleId, 3);
      expectNoTrace(replay.events, ['Words I take back', alice.id]);
      const [comment] = eventsOf(replay.events, deleted.id);
      expect(comment).toMatchObject({
        event: 'comment',
        data: { status: 'deleted', author: null, body: null },
      });
    });

    it('replays the comments of an account erased since without their text or author', async () => {
      const erased = kit.readers[3];
      const articleId = await createArticle(t, kit.moderator);
      const comment = await postComment(t, erased, articleId, 'Words of an account erased later');
      await t
        .http()
        .delete('/api/v1/me')
        .set(erased.auth)
        .send({ password: erased.password })
        .expect(204);
      const replay = await replayFromStart(articleId, 3);
      expectNoTrace(replay.events, ['Words of an account erased later', erased.id]);
      expect(eventsOf(replay.events, comment.id)[0].data).toMatchObject({
        status: 'deleted',
        author: null,
        body: null,
      });
    });

    it('replays an edited comment with its current text and counts only', async () => {
      const [alice, bob] = kit.readers;
      const articleId = await createArticle(t, kit.moderator);
      const comment = await postComment(t, alice, articleId, 'First draft');
      await edit(alice, comment.id, 'Second draft');
      await t.http().put(`/api/v1/comments/${comment.id}/like`).set(bob.auth).expect(204);
      const replay = await replayFromStart(articleId, 4);
      expectNoTrace(replay.events, ['First draft']);
      const replayed = eventsOf(replay.events, comment.id);
      expect(replayed.map((e) => e.event)).toEqual([
        'comment',
        'comment_updated',
        'comment_updated',
      ]);
      for (const event of replayed)
        expect(event.data).toMatchObject({
          status: 'visible',
          body: 'Second draft',
          author: { id: alice.id },
          likeCount: 1,
        });
      expect((replayed[0].data as { editedAt: string | null }).editedAt).not.toBeNull();
    });

    it('replays a comment an edit has sent back to pending without either text', async () => {
      const [alice] = kit.readers;
      const words = (list: unknown[]) =>
        t
          .http()
          .put('/api/v1/moderation/banned-words')
          .set(kit.moderator.auth)
          .send({ words: list })
          .expect(200);
      const articleId = await createArticle(t, kit.moderator);
      const comment = await postComment(t, alice, articleId, 'Harmless at first');
      await words([{ word: 'zorblat', action: 'hold' }]);
      try {
        const held = await edit(alice, comment.id, 'Now it says zorblat');
        expect(held.body.status).toBe('pending');
      } finally {
        await words([]);
      }
      const replay = await replayFromStart(articleId, 3);
      expectNoTrace(replay.events, ['Harmless at first', 'zorblat', alice.id]);
      const replayed = eventsOf(replay.events, comment.id);
      expect(replayed.map((e) => e.event)).toEqual(['comment', 'comment_updated']);
      for (const event of replayed)
        expect(event.data).toMatchObject({ status: 'pending', author: null, body: null });
    });

    it('leaves out the events of a comment that no longer exists', async () => {
      const [alice, bob] = kit.readers;
      const articleId = await createArticle(t, kit.moderator);
      const gone = await postComment(t, alice, articleId, 'Gone without a trace');
      const kept = await postComment(t, bob, articleId, 'Still here');
      // No route deletes a comment's row: as a purge of the table would.
      await t.app.get(PrismaService).comment.delete({ where: { id: gone.id } });
      const replay = await replayFromStart(articleId, 2);
      expectNoTrace(replay.events, ['Gone without a trace', gone.id]);
      expect(replay.events.filter((e) => e.event !== 'count').map((e) => e.data)).toEqual([
        expect.objectContaining({ id: kept.id, body: 'Still here' }),
      ]);
    });

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

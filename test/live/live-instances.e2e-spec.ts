import { testDatabasePoolSize } from '@parley/testing';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';
import { createLiveKit, eventMatching, LiveKit } from './live-kit';
import { openStream, portOf, SseEvent } from './sse-client';

jest.setTimeout(60_000);

const redisUrl = process.env.TEST_REDIS_URL;

const bodies = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'comment').map((e) => (e.data as { body: string }).body);

/**
 * Two instances on one database: a post on either reaches the streams of both, and a reader
 * resumes on the other instance from the id the first one gave it.
 */
function describeTwoInstances(mode: string, env: Record<string, string>) {
  describe(`two instances (${mode})`, () => {
    let a: TestApp;
    let b: TestApp;
    let kit: LiveKit;

    beforeAll(async () => {
      [a, b] = await Promise.all([createTestApp(env), createTestApp(env)]);
      await Promise.all([a.app.listen(0, '127.0.0.1'), b.app.listen(0, '127.0.0.1')]);
      kit = await createLiveKit(a, 2);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
    });

    it("delivers each instance's events to the other's streams, in one order", async () => {
      const articleId = await createArticle(a, kit.moderator);
      const onA = await openStream(portOf(a.app), articleId);
      const onB = await openStream(portOf(b.app), articleId);
      await Promise.all([onA.waitFor(1), onB.waitFor(1)]);
      const [alice, bob] = kit.readers;
      // Concurrent posts on both instances: every stream sees all of them, in the same order.
      await Promise.all([
        ...[1, 2, 3].map((i) => postComment(a, alice, articleId, `From A ${i}`)),
        ...[1, 2, 3].map((i) => postComment(b, bob, articleId, `From B ${i}`)),
      ]);
      // Six comments, and counts: each instance sends one with its first post and, for posts
      // within the next second, one more at that second's end, read then (6).
      const allSix = (e: SseEvent) =>
        e.event === 'count' && (e.data as { commentCount: number }).commentCount === 6;
      await Promise.all([eventMatching(onA, allSix), eventMatching(onB, allSix)]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const [eventsA, eventsB] = [onA.events, onB.events];
      expect(bodies(eventsA).sort()).toEqual(
        ['From A 1', 'From A 2', 'From A 3', 'From B 1', 'From B 2', 'From B 3'].sort(),
      );
      expect(eventsA.slice(1)).toEqual(eventsB.slice(1));
      onA.close();
      onB.close();
    });

    it('resumes on the other instance with the id the first one gave', async () => {
      const articleId = await createArticle(a, kit.moderator);
      const onA = await openStream(portOf(a.app), articleId);
      await onA.waitFor(1);
      await postComment(a, kit.readers[0], articleId, 'Seen on A');
      const seen = await onA.waitFor(3);
      onA.close();
      await postComment(b, kit.readers[1], articleId, 'Posted while moving');
      const onB = await openStream(portOf(b.app), articleId, { 'Last-Event-ID': seen[2].id });
      const resumed = await onB.waitFor(2);
      expect(resumed.map((e) => e.event)).toEqual(['comment', 'count']);
      expect(bodies(resumed)).toEqual(['Posted while moving']);
      onB.close();
    });
  });
}

// Several instances share a server, never the embedded one (one PGlite session, one process).
if (testDatabasePoolSize() > 1) describeTwoInstances('PostgreSQL LISTEN/NOTIFY', {});
else
  it.skip('two instances (PostgreSQL LISTEN/NOTIFY): the embedded server serves one process', () =>
    undefined);
if (redisUrl) describeTwoInstances('Redis', { REDIS_URL: redisUrl });
else it.skip('two instances (Redis): TEST_REDIS_URL is not set', () => undefined);

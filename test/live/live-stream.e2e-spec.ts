import { LivePublisher, LiveStreams } from '@parley/live';
import type { Server } from 'node:http';
import { ShutdownGate } from '../../apps/api/src/http/shutdown-gate';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';
import { commentData, createLiveKit, eventMatching, LiveKit } from './live-kit';
import { openStream, portOf, SseEvent } from './sse-client';

jest.setTimeout(60_000);

const summary = (events: SseEvent[]) =>
  events.map((e) => {
    const data = e.data as Record<string, unknown>;
    if (e.event === 'count') return `count ${data.commentCount}`;
    return `${e.event} ${data.body ?? data.status}${e.event === 'comment_updated' ? ` likes=${data.likeCount} replies=${data.replyCount}` : ''}`;
  });

const isCount = (n: number) => (e: SseEvent) =>
  e.event === 'count' && (e.data as { commentCount: number }).commentCount === n;

async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  return t;
}

describe('GET /articles/:articleId/stream', () => {
  let t: TestApp;
  let kit: LiveKit;
  let port: number;

  beforeAll(async () => {
    t = await startApp({ LIVE_PING_SECONDS: '1' });
    port = portOf(t.app);
    kit = await createLiveKit(t, 4);
  });
  afterAll(() => t.close());

  it('sends posts, replies, edits, likes (coalesced), deletions, removals and counts, in order', async () => {
    const [alice, bob, carol, dave] = kit.readers;
    const articleId = await createArticle(t, kit.moderator);
    const stream = await openStream(port, articleId);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    // Close-delimited: the body is the events' bytes, with no chunked framing around them.
    expect(stream.headers.connection).toBe('close');
    expect(stream.headers['transfer-encoding']).toBeUndefined();
    const [start] = await stream.waitFor(1);
    expect(start).toMatchObject({ event: 'count', data: { commentCount: 0 } });

    const first = await postComment(t, alice, articleId, 'First!');
    await stream.waitFor(3);
    const reply = await postComment(t, bob, articleId, 'A reply', first.id);
    await stream.waitFor(6);
    await t
      .http()
      .patch(`/api/v1/comments/${first.id}`)
      .set(alice.auth)
      .send({ body: 'First, edited' })
      .expect(200);
    await stream.waitFor(7);
    // Three likes within a second: one event at once, one with the final count within a second.
    for (const reader of [bob, carol, dave])
      await t.http().put(`/api/v1/comments/${first.id}/like`).set(reader.auth).expect(204);
    await eventMatching(
      stream,
      (e) => e.event === 'comment_updated' && (e.data as { likeCount: number }).likeCount === 3,
      7,
      3000,
    );
    await t.http().delete(`/api/v1/comments/${reply.id}`).set(bob.auth).expect(204);
    await eventMatching(
      stream,
      (e) => e.event === 'count' && (e.data as { commentCount: number }).commentCount === 1,
      9,
    );
    await t
      .http()
      .post(`/api/v1/moderation/comments/${first.id}/reject`)
      .set(kit.moderator.auth)
      .send({ code: 'spam' })
      .expect(200);
    await eventMatching(
      stream,
      (e) => e.event === 'count' && (e.data as { commentCount: number }).commentCount === 0,
      12,
    );
    await eventMatching(
      stream,
      (e) => e.event === 'comment_updated' && (e.data as { status: string }).status === 'removed',
      12,
    );

    expect(summary(stream.events)).toEqual([
      'count 0',
      'comment First!',
      'count 1',
      'comment A reply',
      'comment_updated First! likes=0 replies=1',
      'count 2',
      'comment_updated First, edited likes=0 replies=1',
      'comment_updated First, edited likes=1 replies=1',
      'comment_updated First, edited likes=3 replies=1',
      'comment_updated deleted likes=0 replies=0',
      'comment_updated First, edited likes=3 replies=0',
      'count 1',
      'comment_updated removed likes=3 replies=0',
      'count 0',
    ]);
    // The list's shape, exactly as an anonymous reader gets it.
    const listed = await t.http().get(`/api/v1/articles/${articleId}/comments`).expect(200);
    expect(listed.body.items).toEqual([]);
    const comment = stream.events[1].data as Record<string, unknown>;
    expect(Object.keys(comment).sort()).toEqual(
      [
        'articleId',
        'author',
        'body',
        'createdAt',
        'depth',
        'editedAt',
        'id',
        'likeCount',
        'likedByMe',
        'parentId',
        'pinned',
        'replyCount',
        'status',
      ].sort(),
    );
    expect(comment.likedByMe).toBe(false);
    // Every event has an id, and ids increase (the first one is the start position).
    const ids = stream.events.map((e) => e.id);
    expect(ids.every((id) => id.length > 0)).toBe(true);
    expect(new Set(ids.slice(1)).size).toBe(ids.length - 1);
    expect(stream.pings).toBeGreaterThanOrEqual(1);
    stream.close();
  });

  it('resumes after a disconnect with Last-Event-ID, losing nothing and repeating nothing', async () => {
    const [alice] = kit.readers;
    const articleId = await createArticle(t, kit.moderator);
    const first = await openStream(port, articleId);
    await first.waitFor(1);
    await postComment(t, alice, articleId, 'Before the cut');
    const seen = await first.waitFor(3);
    first.close();
    await first.ended;
    await postComment(t, alice, articleId, 'While away 1');
    await postComment(t, alice, articleId, 'While away 2');
    const resumed = await openStream(port, articleId, { 'Last-Event-ID': seen[2].id });
    // The count goes with a post, or once at the end of the second when one went out within it:
    // 'count 2' comes only when the first post came more than a second after 'Before the cut'.
    await eventMatching(resumed, isCount(3));
    expect([
      ['comment While away 1', 'count 2', 'comment While away 2', 'count 3'],
      ['comment While away 1', 'comment While away 2', 'count 3'],
    ]).toContainEqual(summary(resumed.events));
    const back = resumed.events.length;
    await postComment(t, alice, articleId, 'After the return');
    await eventMatching(resumed, isCount(4), back);
    expect(summary(resumed.events.slice(back))).toEqual(['comment After the return', 'count 4']);
    // A fresh stream starts where it is: the count, with the latest id.
    const fresh = await openStream(port, articleId);
    const [start] = await fresh.waitFor(1);
    expect(start).toEqual({
      id: resumed.events.at(-1)!.id,
      event: 'count',
      data: { commentCount: 4 },
    });
    resumed.close();
    fresh.close();
  });

  it('sends a burst of posts at once, with the count on the first and once more at the end of its second', async () => {
    const [alice] = kit.readers;
    const articleId = await createArticle(t, kit.moderator);
    const stream = await openStream(port, articleId);
    await stream.waitFor(1);
    const started = Date.now();
    for (let i = 1; i <= 5; i += 1) await postComment(t, alice, articleId, `Burst ${i}`);
    const took = Date.now() - started;
    await eventMatching(stream, isCount(5), 1, 3000);
    const events = summary(stream.events);
    expect(events.filter((e) => e.startsWith('comment'))).toEqual(
      [1, 2, 3, 4, 5].map((i) => `comment Burst ${i}`),
    );
    expect(events.slice(0, 3)).toEqual(['count 0', 'comment Burst 1', 'count 1']);
    expect(events.at(-1)).toBe('count 5');
    // Posts within one second of the first send no count of their own: one more comes, read at
    // the second's end (a slower machine, posts spread over more than a second, sends more).
    if (took < 1000)
      expect(events.filter((e) => e.startsWith('count'))).toEqual([
        'count 0',
        'count 1',
        'count 5',
      ]);
    stream.close();
  });

  it('never sends pending comments; an approved one arrives then', async () => {
    const [alice] = kit.readers;
    const articleId = await createArticle(t, kit.moderator, { moderation: 'pre' });
    const stream = await openStream(port, articleId);
    await stream.waitFor(1);
    const held = await postComment(t, alice, articleId, 'Held for review');
    expect(held.status).toBe('pending');
    await t
      .http()
      .patch(`/api/v1/comments/${held.id}`)
      .set(alice.auth)
      .send({ body: 'Held, edited' })
      .expect(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.events).toHaveLength(1);
    await t
      .http()
      .post(`/api/v1/moderation/comments/${held.id}/approve`)
      .set(kit.moderator.auth)
      .send({})
      .expect(200);
    const events = await stream.waitFor(3);
    expect(summary(events)).toEqual(['count 0', 'comment Held, edited', 'count 1']);
    expect(commentData(events[1])).toMatchObject({ id: held.id, status: 'visible' });
    stream.close();
  });

  it('answers an unknown article with a JSON 404 and a malformed Last-Event-ID with a 400', async () => {
    const missing = await openStream(port, 'no-such-article-anywhere');
    await missing.ended;
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'article_not_found' });
    const articleId = await createArticle(t, kit.moderator);
    const bad = await openStream(port, articleId, { 'Last-Event-ID': 'yesterday' });
    await bad.ended;
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'validation_failed' });
  });

  it('starts a resumption older than the history with a reset', async () => {
    const articleId = await createArticle(t, kit.moderator);
    await postComment(t, kit.readers[0], articleId, 'Once');
    // An id before what the history keeps (the first events were purged): here, a stream id
    // of another deployment's form, which this history never held.
    const stream = await openStream(port, articleId, { 'Last-Event-ID': '1-1' });
    const [first] = await stream.waitFor(1);
    expect(first.event).toBe('reset');
    stream.close();
  });

  it('closes a reader that does not read once its buffer is full', async () => {
    const articleId = await createArticle(t, kit.moderator);
    const streams = t.app.get(LiveStreams);
    const before = streams.size;
    const stream = await openStream(port, articleId);
    await stream.waitFor(1);
    stream.response.pause();
    const big = 'x'.repeat(100_000);
    const publisher = t.app.get(LivePublisher);
    for (let i = 0; i < 400 && streams.size > before; i += 1)
      await publisher.publish(articleId, [{ event: 'comment_updated', data: { big } }]);
    expect(streams.size).toBe(before);
    stream.close();
  });
});

describe('stream bounds and shutdown', () => {
  it('answers 503 with Retry-After beyond MAX_STREAMS, and streams hold no in-flight slot', async () => {
    const t = await startApp({ MAX_STREAMS: '2', MAX_IN_FLIGHT_REQUESTS: '1' });
    try {
      const kit = await createLiveKit(t, 0);
      const articleId = await createArticle(t, kit.moderator);
      const port = portOf(t.app);
      const open = [await openStream(port, articleId), await openStream(port, articleId)];
      await Promise.all(open.map((s) => s.waitFor(1)));
      const third = await openStream(port, articleId);
      await third.ended;
      expect(third.status).toBe(503);
      expect(third.headers['retry-after']).toBeDefined();
      expect(JSON.parse(third.body)).toMatchObject({ code: 'service_unavailable' });
      // Two streams open, one in-flight slot: ordinary requests still get it.
      await t.http().get(`/api/v1/articles/${articleId}`).expect(200);
      open[0].close();
      await open[0].ended;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await openStream(port, articleId);
      expect(again.status).toBe(200);
      again.close();
      open[1].close();
    } finally {
      await t.close();
    }
  });

  it('keeps a stream open past the request timeouts', async () => {
    const t = await startApp({
      HTTP_REQUEST_TIMEOUT_SECONDS: '1',
      HTTP_HEADERS_TIMEOUT_SECONDS: '1',
    });
    try {
      const kit = await createLiveKit(t, 1);
      const articleId = await createArticle(t, kit.moderator);
      const stream = await openStream(portOf(t.app), articleId);
      await stream.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await postComment(t, kit.readers[0], articleId, 'Still there?');
      await stream.waitFor(3);
      stream.close();
    } finally {
      await t.close();
    }
  });

  it('ends streams when the instance drains, without waiting for its deadline', async () => {
    const t = await startApp();
    const kit = await createLiveKit(t, 0);
    const articleId = await createArticle(t, kit.moderator);
    const stream = await openStream(portOf(t.app), articleId);
    await stream.waitFor(1);
    const started = Date.now();
    const cutOff = await ShutdownGate.of(t.app).drain(t.app.getHttpServer() as Server, 10_000);
    await stream.ended;
    expect(cutOff).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    await t.close();
  });

  it('ends streams when the application closes', async () => {
    const t = await startApp();
    const kit = await createLiveKit(t, 0);
    const articleId = await createArticle(t, kit.moderator);
    const stream = await openStream(portOf(t.app), articleId);
    await stream.waitFor(1);
    await t.close();
    await stream.ended;
  });
});

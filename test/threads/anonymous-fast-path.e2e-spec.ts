import { CommentReadingService } from '@parley/threads';
import { registerStaff, TestAccount } from '../support/accounts';
import { AnonymousHttpCache } from '../../apps/api/src/threads/anonymous-http-cache.service';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

const ORIGIN = 'https://news.example';
/** Headers that belong to one answer, not to its content. */
const PER_ANSWER = ['x-request-id', 'date', 'connection', 'keep-alive'];

function sameHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.includes(name)));
}

/**
 * AnonymousFastPath: an anonymous first page the full path has answered is answered again ahead
 * of Express while it stays cached, byte for byte and header for header.
 */
describe('anonymous first pages ahead of the framework', () => {
  let t: TestApp;
  let staff: TestAccount;
  let builds: jest.SpyInstance;

  beforeAll(async () => {
    t = await createTestApp({ CACHE_TTL_MS: '60000', CORS_ORIGINS: ORIGIN });
    staff = await registerStaff(t);
    builds = jest.spyOn(t.app.get(CommentReadingService), 'listRendered');
  });
  afterAll(() => t.close());

  const url = (articleId: string, query = '?sort=newest&limit=5') =>
    `/api/v1/articles/${encodeURIComponent(articleId)}/comments${query}`;

  it('answers a URL the full path answered, with its bytes and headers, without the framework', async () => {
    const articleId = await createArticle(t, staff);
    await postComment(t, staff, articleId, 'first');
    const full = await t.http().get(url(articleId)).expect(200);
    builds.mockClear();
    const fast = await t.http().get(url(articleId)).set('X-Request-Id', 'fast-1').expect(200);
    expect(builds).not.toHaveBeenCalled();
    expect(fast.text).toBe(full.text);
    expect(sameHeaders(fast.headers)).toEqual(sameHeaders(full.headers));
    expect(fast.headers['x-request-id']).toBe('fast-1');
    expect(fast.headers['cache-control']).toMatch(/^public, max-age=60/);
    expect(fast.headers['content-security-policy']).toBeDefined();
    // Another exact URL (a different limit) is the full path's until it has answered it.
    await t.http().get(url(articleId, '?sort=newest&limit=6')).expect(200);
    expect(builds).toHaveBeenCalledTimes(1);
  });

  it('sends the page as UTF-8 bytes of the right length, whatever its characters', async () => {
    const articleId = await createArticle(t, staff);
    await postComment(t, staff, articleId, 'Très bien — 東京 🚀 "quoted" \\ back');
    const full = await t.http().get(url(articleId)).expect(200);
    builds.mockClear();
    for (let i = 0; i < 2; i += 1) {
      // The second answer sends the bytes the first one encoded.
      const fast = await t.http().get(url(articleId)).expect(200);
      expect(builds).not.toHaveBeenCalled();
      expect(fast.text).toBe(full.text);
      expect(fast.text).toContain('Très bien — 東京 🚀');
      expect(Number(fast.headers['content-length'])).toBe(Buffer.byteLength(full.text, 'utf8'));
    }
  });

  it('answers If-None-Match with 304 and the caching headers, no body', async () => {
    const articleId = await createArticle(t, staff);
    const full = await t.http().get(url(articleId)).expect(200);
    builds.mockClear();
    const again = await t
      .http()
      .get(url(articleId))
      .set('If-None-Match', full.headers['etag'] as string)
      .expect(304);
    expect(builds).not.toHaveBeenCalled();
    expect(again.text).toBe('');
    expect(again.headers['etag']).toBe(full.headers['etag']);
    expect(again.headers['cache-control']).toBe(full.headers['cache-control']);
    expect(again.headers['surrogate-key']).toBe(full.headers['surrogate-key']);
    expect(again.headers['content-type']).toBeUndefined();
  });

  it('answers 304 from the version alone, once the cached page has expired too', async () => {
    const short = await createTestApp({ CACHE_TTL_MS: '200' });
    try {
      const admin = await registerStaff(short);
      const articleId = await createArticle(short, admin);
      const full = await short.http().get(url(articleId)).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const reading = jest.spyOn(short.app.get(CommentReadingService), 'listRendered');
      const cache = jest.spyOn(short.app.get(AnonymousHttpCache), 'notModified');
      await short
        .http()
        .get(url(articleId))
        .set('If-None-Match', full.headers['etag'] as string)
        .expect(304);
      expect(cache).not.toHaveBeenCalled();
      expect(reading).not.toHaveBeenCalled();
      // A 200 needs the page itself: built again, still ahead of the framework.
      await short.http().get(url(articleId)).expect(200);
      expect(reading).toHaveBeenCalledTimes(1);
      expect(cache).not.toHaveBeenCalled();
    } finally {
      await short.close();
    }
  });

  it('builds the page of a changed article ahead of the framework, as the full path would', async () => {
    const articleId = await createArticle(t, staff);
    const before = await t.http().get(url(articleId)).expect(200);
    await postComment(t, staff, articleId, 'news');
    builds.mockClear();
    const fullPath = jest.spyOn(t.app.get(AnonymousHttpCache), 'notModified');
    try {
      const after = await t.http().get(url(articleId)).expect(200);
      expect(builds).toHaveBeenCalledTimes(1);
      expect(fullPath).not.toHaveBeenCalled();
      expect(after.headers['etag']).not.toBe(before.headers['etag']);
      expect(after.body.items.map((item: { body: string }) => item.body)).toEqual(['news']);
      const { etag: _etag, 'content-length': _length, ...rest } = sameHeaders(after.headers);
      const {
        etag: _was,
        'content-length': _wasLength,
        ...restBefore
      } = sameHeaders(before.headers);
      expect(rest).toEqual(restBefore);
      // Now cached: the same bytes again, nothing built.
      const again = await t.http().get(url(articleId)).expect(200);
      expect(again.text).toBe(after.text);
      expect(builds).toHaveBeenCalledTimes(1);
      // The full path agrees byte for byte (an Origin takes it there).
      const full = await t.http().get(url(articleId)).set('Origin', ORIGIN).expect(200);
      expect(full.text).toBe(after.text);
      expect(full.headers['etag']).toBe(after.headers['etag']);
    } finally {
      fullPath.mockRestore();
    }
  });

  it('leaves a page that fails to build to the full path, which answers it', async () => {
    const articleId = await createArticle(t, staff);
    await t.http().get(url(articleId)).expect(200);
    await postComment(t, staff, articleId, 'later');
    builds.mockClear();
    builds.mockRejectedValueOnce(new Error('database away for a moment'));
    const answer = await t.http().get(url(articleId)).expect(200);
    expect(answer.body.items.map((item: { body: string }) => item.body)).toEqual(['later']);
    expect(builds).toHaveBeenCalledTimes(2);
  });

  it('leaves a token, an Origin and other methods to the full path', async () => {
    const articleId = await createArticle(t, staff);
    await postComment(t, staff, articleId, 'news');
    const after = await t.http().get(url(articleId)).expect(200);
    builds.mockClear();
    const signedIn = await t.http().get(url(articleId)).set(staff.auth).expect(200);
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
    const cors = await t.http().get(url(articleId)).set('Origin', ORIGIN).expect(200);
    expect(cors.headers['access-control-allow-origin']).toBe(ORIGIN);
    const head = await t.http().head(url(articleId)).expect(200);
    expect(head.headers['etag']).toBe(after.headers['etag']);
    expect(builds).toHaveBeenCalledTimes(3);
  });

  it('answers a later page (a cursor) the full path answered, built ahead of the framework', async () => {
    const articleId = await createArticle(t, staff);
    for (const text of ['one', 'two', 'three']) await postComment(t, staff, articleId, text);
    const first = await t.http().get(url(articleId, '?sort=oldest&limit=2')).expect(200);
    const next = url(articleId, `?sort=oldest&limit=2&cursor=${first.body.nextCursor}`);
    const full = await t.http().get(next).expect(200);
    expect(full.body.items.map((item: { body: string }) => item.body)).toEqual(['three']);
    const fullPath = jest.spyOn(t.app.get(AnonymousHttpCache), 'notModified');
    try {
      builds.mockClear();
      const fast = await t.http().get(next).expect(200);
      expect(fullPath).not.toHaveBeenCalled();
      expect(builds).toHaveBeenCalledTimes(1);
      expect(fast.text).toBe(full.text);
      expect(sameHeaders(fast.headers)).toEqual(sameHeaders(full.headers));
      await t
        .http()
        .get(next)
        .set('If-None-Match', full.headers['etag'] as string)
        .expect(304);
      // A tampered cursor is refused every time: the full path never answered it 200.
      const tampered = url(articleId, `?sort=oldest&limit=2&cursor=${first.body.nextCursor}x`);
      await t.http().get(tampered).expect(400);
      expect((await t.http().get(tampered).expect(400)).body.code).toBe('validation_failed');
    } finally {
      fullPath.mockRestore();
    }
  });

  it('never answers a URL the full path refused', async () => {
    const articleId = await createArticle(t, staff);
    const bad = url(articleId, '?sort=sideways');
    await t.http().get(bad).expect(400);
    expect((await t.http().get(bad).expect(400)).body.code).toBe('validation_failed');
    await t.http().get(url('no-such-article')).expect(404);
    await t.http().get(url('no-such-article')).expect(404);
  });

  it('builds every learned page ahead of the framework with the cache off, within MAX_IN_FLIGHT_REQUESTS', async () => {
    const off = await createTestApp({ CACHE_TTL_MS: '0', MAX_IN_FLIGHT_REQUESTS: '1' });
    try {
      const admin = await registerStaff(off);
      const articleId = await createArticle(off, admin);
      await off.http().get(url(articleId)).expect(200);
      await postComment(off, admin, articleId, 'fresh');
      const reading = off.app.get(CommentReadingService);
      const fullPath = jest.spyOn(off.app.get(AnonymousHttpCache), 'notModified');
      const fresh = await off.http().get(url(articleId)).expect(200);
      expect(fresh.body.items.map((item: { body: string }) => item.body)).toEqual(['fresh']);
      expect(fullPath).not.toHaveBeenCalled();

      // One build held in flight: the next request finds the instance full and is shed (503).
      const build = reading.listRendered.bind(reading);
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const started = jest
        .spyOn(reading, 'listRendered')
        .mockImplementationOnce(async (...args) => {
          await held;
          return build(...args);
        });
      const first = off
        .http()
        .get(url(articleId))
        .then((res) => res);
      while (started.mock.calls.length === 0)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const shed = await off.http().get(url(articleId)).expect(503);
      expect(shed.body.code).toBe('service_unavailable');
      release();
      expect((await first).status).toBe(200);
      await off.http().get(url(articleId)).expect(200);
    } finally {
      await off.close();
    }
  });
});

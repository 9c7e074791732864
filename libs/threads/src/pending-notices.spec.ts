import { PendingNotices } from './pending-notices';

describe('PendingNotices', () => {
  it('covers changes until shortly before the queued message can be claimed', () => {
    const notices = new PendingNotices();
    notices.queued('cdn-purge:article-a', 1_000, 10_000);
    expect(notices.covers('cdn-purge:article-a', 10_000)).toBe(true);
    expect(notices.covers('cdn-purge:article-a', 10_749)).toBe(true);
    expect(notices.covers('cdn-purge:article-a', 10_750)).toBe(false);
    expect(notices.covers('cdn-purge:article-a', 10_000)).toBe(false);
  });

  it('covers nothing for a message claimable at once, a folded one, or another key', () => {
    const notices = new PendingNotices();
    notices.queued('article-changed:article-a', 0, 10_000);
    notices.queued('article-changed:article-b', null, 10_000);
    notices.queued('article-changed:article-c', 250, 10_000);
    notices.queued('article-changed:article-d', 10_000, 10_000);
    expect(notices.covers('article-changed:article-a', 10_001)).toBe(false);
    expect(notices.covers('article-changed:article-b', 10_001)).toBe(false);
    expect(notices.covers('article-changed:article-c', 10_001)).toBe(false);
    expect(notices.covers('cdn-purge:article-d', 10_001)).toBe(false);
    expect(notices.covers('article-changed:article-d', 10_001)).toBe(true);
  });

  it('stays bounded: past entries go first, then everything', () => {
    const notices = new PendingNotices();
    for (let i = 0; i < 10_000; i += 1) notices.queued(`k${i}`, i < 5_000 ? 300 : 60_000, 0);
    notices.queued('new', 60_000, 1_000);
    expect(notices.covers('k1', 1_000)).toBe(false);
    expect(notices.covers('k9999', 1_000)).toBe(true);
    expect(notices.covers('new', 1_000)).toBe(true);
    for (let i = 0; i < 5_000; i += 1) notices.queued(`m${i}`, 60_000, 1_000);
    expect(notices.covers('k9999', 1_000)).toBe(false);
  });

  it('tells the write in flight for any of the keys until it settles, failed or not', async () => {
    const notices = new PendingNotices();
    let finish!: () => void;
    let fail!: (error: Error) => void;
    const first = new Promise<void>((resolve) => (finish = resolve));
    const second = new Promise<void>((_, reject) => (fail = reject));
    notices.writing(['cdn-purge:a', 'article-changed:a'], first);
    notices.writing(['article-changed:b'], second);
    expect(notices.inFlight(['article-changed:a'])).toBe(first);
    expect(notices.inFlight(['x', 'article-changed:b'])).toBe(second);
    expect(notices.inFlight(['article-changed:c'])).toBeUndefined();
    finish();
    fail(new Error('database away'));
    await first;
    await second.catch(() => undefined);
    await Promise.resolve();
    expect(
      notices.inFlight(['cdn-purge:a', 'article-changed:a', 'article-changed:b']),
    ).toBeUndefined();
  });
});

import { registerAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import { ModerationKit } from './moderation-kit';

describe('GET /moderation/queue', () => {
  let kit: ModerationKit;
  beforeAll(async () => {
    kit = await ModerationKit.create();
  });
  afterAll(() => kit.close());

  const queue = (query: string, who = kit.moderator) => kit.get(`/moderation/queue?${query}`, who);

  it('needs a moderator or admin', async () => {
    expect((await kit.get('/moderation/queue?type=pending', undefined).expect(401)).body.code).toBe(
      'unauthenticated',
    );
    const reader = await registerAccount(kit.t);
    expect((await queue('type=pending', reader).expect(403)).body.code).toBe('forbidden');
    await queue('type=pending', kit.admin).expect(200);
  });

  it('refuses a missing or unknown type, bad limits, bad cursors, bad article ids and extra parameters', async () => {
    for (const query of [
      '',
      'type=held',
      'type=pending&limit=0',
      'type=pending&limit=101',
      'type=pending&limit=x',
      'type=pending&limit=0x10',
      'type=pending&limit=1e1',
      'type=pending&limit=%2B5',
      'type=pending&limit=%205',
      'type=pending&cursor=garbage',
      'type=pending&articleId=bad%20id',
      'type=pending&extra=1',
    ]) {
      expect((await queue(query).expect(400)).body.code).toBe('validation_failed');
    }
    const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
    await postComment(kit.t, kit.moderator, articleId);
    await postComment(kit.t, kit.moderator, articleId);
    const { nextCursor } = (await queue(`type=pending&articleId=${articleId}&limit=1`).expect(200))
      .body;
    expect(nextCursor).toEqual(expect.any(String));
    expect((await queue(`type=reported&cursor=${nextCursor}`).expect(400)).body.code).toBe(
      'validation_failed',
    );
  });

  it('lists pending comments of one article oldest first, page by page, with bodies and authors', async () => {
    const author = await kit.commenter();
    const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
    const otherArticle = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
    const posted: string[] = [];
    for (let i = 0; i < 5; i += 1)
      posted.push((await postComment(kit.t, author, articleId, `held ${i}`)).id);
    await postComment(kit.t, author, otherArticle, 'elsewhere');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        items: { id: string; status: string; body: string; author: { id: string } }[];
        nextCursor: string | null;
      } = (
        await queue(
          `type=pending&articleId=${articleId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200)
      ).body;
      for (const item of page.items)
        expect(item).toMatchObject({
          status: 'pending',
          body: expect.stringMatching(/^held/),
          author: { id: author.id },
        });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(posted);

    await kit.post(`/moderation/comments/${posted[0]}/approve`, kit.moderator).expect(200);
    await kit.post(`/moderation/comments/${posted[1]}/reject`, kit.moderator, {}).expect(200);
    const after = (await queue(`type=pending&articleId=${articleId}`).expect(200)).body;
    expect(after.items.map((item: { id: string }) => item.id)).toEqual(posted.slice(2));
    expect(after.nextCursor).toBeNull();
  });

  it('holds banned words in the pending queue', async () => {
    const word = `blorp${Date.now()}`;
    const before = (await kit.get('/moderation/banned-words', kit.moderator).expect(200)).body
      .words;
    await kit.t
      .http()
      .put('/api/v1/moderation/banned-words')
      .set(kit.moderator.auth)
      .send({ words: [...before, word] })
      .expect(200);
    const articleId = await createArticle(kit.t, kit.moderator);
    const author = await kit.commenter();
    const held = await postComment(kit.t, author, articleId, `This is ${word.toUpperCase()}!`);
    expect(held.status).toBe('pending');
    expect(
      (await queue(`type=pending&articleId=${articleId}`).expect(200)).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([held.id]);
    await kit.t
      .http()
      .put('/api/v1/moderation/banned-words')
      .set(kit.moderator.auth)
      .send({ words: before })
      .expect(200);
    expect((await postComment(kit.t, author, articleId, `This is ${word}`)).status).toBe('visible');
  });

  it('lists reported comments by their first open report, with counts by reason and the latest notes', async () => {
    const articleId = await createArticle(kit.t, kit.moderator);
    const [a, b] = [
      await postComment(kit.t, kit.moderator, articleId, 'a'),
      await postComment(kit.t, kit.moderator, articleId, 'b'),
    ];
    const reporters = await Promise.all([1, 2, 3].map(() => registerAccount(kit.t)));
    await kit
      .post(`/comments/${b.id}/reports`, reporters[0], { reason: 'spam', note: 'first' })
      .expect(201);
    await kit.post(`/comments/${a.id}/reports`, reporters[0], { reason: 'abuse' }).expect(201);
    await kit
      .post(`/comments/${b.id}/reports`, reporters[1], { reason: 'spam', note: 'second' })
      .expect(201);
    await kit.post(`/comments/${b.id}/reports`, reporters[2], { reason: 'off_topic' }).expect(201);

    const page = (await queue(`type=reported&articleId=${articleId}`).expect(200)).body;
    expect(page.items.map((item: { id: string }) => item.id)).toEqual([b.id, a.id]);
    expect(page.items[0]).toMatchObject({
      openReportCount: 3,
      reportCounts: { spam: 2, abuse: 0, off_topic: 1, other: 0 },
    });
    expect(page.items[0].latestNotes.map((n: { note: string }) => n.note)).toEqual([
      'second',
      'first',
    ]);
    expect(page.items[1].reportCounts).toEqual({ spam: 0, abuse: 1, off_topic: 0, other: 0 });

    await kit
      .post(`/moderation/comments/${b.id}/reject`, kit.moderator, { code: 'spam' })
      .expect(200);
    const after = (await queue(`type=reported&articleId=${articleId}`).expect(200)).body;
    expect(after.items.map((item: { id: string }) => item.id)).toEqual([a.id]);
  });
});

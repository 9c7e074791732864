import { registerStaff } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

/** Failures the OpenAPI fuzzer (openapi-fuzz.e2e-spec.ts) found, each pinned by a focused test. */
describe('fuzzer findings', () => {
  describe('with one database connection (as on the embedded server) and no caches', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ DATABASE_POOL_SIZE: '1', CACHE_TTL_MS: '0' });
    });
    afterAll(() => t.close());

    // The edit's transaction held the only connection while the banned-word list was loaded on
    // another: it waited for itself until Prisma gave up, and the edit answered 503.
    it('edits a comment (the banned-word list is read before the transaction)', async () => {
      const staff = await registerStaff(t);
      const articleId = await createArticle(t, staff);
      const comment = await postComment(t, staff, articleId, 'Before');
      const res = await t
        .http()
        .patch(`/api/v1/comments/${comment.id}`)
        .set(staff.auth)
        .send({ body: 'After' })
        .expect(200);
      expect(res.body).toMatchObject({ body: 'After', status: 'visible' });
    });
  });
});

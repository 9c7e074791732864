import { createTestApp, TestApp } from './support/test-app';

/** Every route of the public contract (docs/api-contract.md) is in the OpenAPI document. */
const CONTRACT: Array<[string, string]> = [
  ['post', '/api/v1/auth/register'],
  ['post', '/api/v1/auth/login'],
  ['post', '/api/v1/auth/refresh'],
  ['post', '/api/v1/auth/logout'],
  ['post', '/api/v1/auth/password'],
  ['get', '/api/v1/me'],
  ['patch', '/api/v1/me'],
  ['delete', '/api/v1/me'],
  ['put', '/api/v1/admin/users/{userId}/role'],
  ['put', '/api/v1/articles/{articleId}'],
  ['get', '/api/v1/articles/{articleId}'],
  ['get', '/api/v1/articles'],
  ['get', '/api/v1/articles/{articleId}/comments'],
  ['post', '/api/v1/articles/{articleId}/comments'],
  ['get', '/api/v1/comments/{commentId}/replies'],
  ['get', '/api/v1/comments/{commentId}'],
  ['patch', '/api/v1/comments/{commentId}'],
  ['delete', '/api/v1/comments/{commentId}'],
  ['put', '/api/v1/comments/{commentId}/like'],
  ['delete', '/api/v1/comments/{commentId}/like'],
  ['post', '/api/v1/comments/{commentId}/reports'],
  ['get', '/api/v1/billing/plans'],
  ['post', '/api/v1/billing/checkout'],
  ['post', '/api/v1/billing/portal'],
  ['post', '/api/v1/billing/webhook'],
  ['put', '/api/v1/admin/users/{userId}/complimentary'],
  ['delete', '/api/v1/admin/users/{userId}/complimentary'],
  ['get', '/api/v1/moderation/queue'],
  ['post', '/api/v1/moderation/comments/{commentId}/approve'],
  ['post', '/api/v1/moderation/comments/{commentId}/reject'],
  ['post', '/api/v1/moderation/comments/{commentId}/pin'],
  ['post', '/api/v1/moderation/comments/{commentId}/unpin'],
  ['post', '/api/v1/moderation/users/{userId}/suspend'],
  ['post', '/api/v1/moderation/users/{userId}/ban'],
  ['post', '/api/v1/moderation/users/{userId}/unban'],
  ['get', '/api/v1/moderation/actions'],
  ['put', '/api/v1/moderation/banned-words'],
  ['get', '/api/v1/health/live'],
  ['get', '/api/v1/health/ready'],
  // Part 2, Email.
  ['post', '/api/v1/auth/verify-email'],
  ['post', '/api/v1/auth/verify-email/resend'],
  ['post', '/api/v1/auth/password-reset'],
  ['post', '/api/v1/auth/password-reset/confirm'],
  ['post', '/api/v1/me/email'],
  ['get', '/api/v1/me/notifications'],
  ['patch', '/api/v1/me/notifications'],
  ['post', '/api/v1/notifications/unsubscribe'],
  ['get', '/api/v1/notifications/unsubscribe'],
  ['get', '/api/v1/me/export'],
];

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(CONTRACT)('documents %s %s with its responses', async (method, path) => {
    const doc = (await t.http().get('/api/v1/docs-json').expect(200)).body;
    const operation = doc.paths[path]?.[method];
    expect({ method, path, documented: Boolean(operation) }).toEqual({
      method,
      path,
      documented: true,
    });
    expect(Object.keys(operation.responses ?? {}).length).toBeGreaterThan(0);
  });

  it('documents the form bodies one-click unsubscribe takes (RFC 8058)', async () => {
    const doc = (await t.http().get('/api/v1/docs-json').expect(200)).body;
    const operation = doc.paths['/api/v1/notifications/unsubscribe'].post;
    expect(Object.keys(operation.requestBody.content).sort()).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]);
    expect(operation.description).toContain('multipart/form-data');
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['204', '400', '413']));
  });

  it("documents no 404 code beyond the contract's not_found, article_not_found, comment_not_found", async () => {
    const doc = (await t.http().get('/api/v1/docs-json').expect(200)).body;
    const named = new Set<string>();
    for (const operations of Object.values<Record<string, { responses?: object }>>(doc.paths))
      for (const operation of Object.values(operations)) {
        const notFound = (operation.responses as Record<string, { description?: string }>)?.['404'];
        for (const code of notFound?.description?.match(/\b\w*not_found\b/g) ?? []) named.add(code);
      }
    expect([...named].sort()).toEqual(['article_not_found', 'comment_not_found', 'not_found']);
  });
});

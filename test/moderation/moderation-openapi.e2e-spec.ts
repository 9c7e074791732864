import { createTestApp, TestApp } from '../support/test-app';

describe('OpenAPI for moderation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('documents every moderation route with its bodies, views and error codes', async () => {
    const doc = (await t.http().get('/api/v1/docs-json').expect(200)).body;
    const routes: [string, string][] = [
      ['/api/v1/moderation/queue', 'get'],
      ['/api/v1/moderation/comments/{commentId}/approve', 'post'],
      ['/api/v1/moderation/comments/{commentId}/reject', 'post'],
      ['/api/v1/moderation/comments/{commentId}/pin', 'post'],
      ['/api/v1/moderation/comments/{commentId}/unpin', 'post'],
      ['/api/v1/moderation/users/{userId}/suspend', 'post'],
      ['/api/v1/moderation/users/{userId}/ban', 'post'],
      ['/api/v1/moderation/users/{userId}/unban', 'post'],
      ['/api/v1/moderation/actions', 'get'],
      ['/api/v1/moderation/banned-words', 'put'],
    ];
    for (const [path, method] of routes) {
      const operation = doc.paths[path]?.[method];
      expect(operation).toBeDefined();
      expect(operation.responses['200']).toBeDefined();
      expect(operation.responses['401']).toBeDefined();
      expect(operation.responses['403']).toBeDefined();
    }
    expect(
      doc.paths['/api/v1/moderation/comments/{commentId}/reject'].post.requestBody.content[
        'application/json'
      ].schema.$ref,
    ).toMatch(/RejectDto/);
    expect(doc.components.schemas.RejectDto.properties.code.enum).toEqual([
      'abuse',
      'harassment',
      'spam',
      'off_topic',
      'misinformation',
      'illegal',
      'other',
    ]);
    expect(Object.keys(doc.components.schemas.DecisionView.properties)).toEqual([
      'changed',
      'comment',
    ]);
    expect(Object.keys(doc.components.schemas.ModeratedCommentView.properties)).toEqual(
      expect.arrayContaining([
        'id',
        'status',
        'pinned',
        'body',
        'author',
        'reportCounts',
        'latestNotes',
      ]),
    );
    expect(Object.keys(doc.components.schemas.AuditEntryView.properties)).toEqual(
      expect.arrayContaining([
        'id',
        'actor',
        'action',
        'target',
        'reasonCode',
        'reason',
        'metadata',
        'createdAt',
      ]),
    );
  });
});

import { createTestApp, TestApp } from '../support/test-app';

describe('OpenAPI for threads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('documents every articles and comments route with its bodies and views', async () => {
    const doc = (await t.http().get('/api/v1/docs-json').expect(200)).body;
    const routes: [string, string][] = [
      ['/api/v1/articles/{articleId}', 'put'],
      ['/api/v1/articles/{articleId}', 'get'],
      ['/api/v1/articles', 'get'],
      ['/api/v1/articles/{articleId}/comments', 'get'],
      ['/api/v1/articles/{articleId}/comments', 'post'],
      ['/api/v1/comments/{commentId}', 'get'],
      ['/api/v1/comments/{commentId}', 'patch'],
      ['/api/v1/comments/{commentId}', 'delete'],
      ['/api/v1/comments/{commentId}/replies', 'get'],
      ['/api/v1/comments/{commentId}/like', 'put'],
      ['/api/v1/comments/{commentId}/like', 'delete'],
      ['/api/v1/comments/{commentId}/reports', 'post'],
    ];
    for (const [path, method] of routes) expect(doc.paths[path]?.[method]).toBeDefined();
    expect(
      doc.paths['/api/v1/articles/{articleId}/comments'].post.requestBody.content[
        'application/json'
      ].schema.$ref,
    ).toMatch(/CreateCommentDto/);
    expect(Object.keys(doc.components.schemas.CommentView.properties)).toEqual(
      expect.arrayContaining([
        'id',
        'articleId',
        'parentId',
        'author',
        'body',
        'status',
        'createdAt',
        'editedAt',
        'likeCount',
        'replyCount',
        'likedByMe',
        'pinned',
      ]),
    );
  });
});

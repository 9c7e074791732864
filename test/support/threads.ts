import { randomUUID } from 'node:crypto';
import type { TestAccount } from './accounts';
import type { TestApp } from './test-app';

export function uniqueArticleId(prefix = 'story'): string {
  return `${prefix}-${randomUUID()}`;
}

/** Creates an article through the API (as the given staff account) and returns its id. */
export async function createArticle(
  t: TestApp,
  staff: TestAccount,
  fields: Record<string, unknown> = {},
  id = uniqueArticleId(),
): Promise<string> {
  await t
    .http()
    .put(`/api/v1/articles/${encodeURIComponent(id)}`)
    .set(staff.auth)
    .send({ title: 'A story', ...fields })
    .expect(201);
  return id;
}

let posted = 0;

/**
 * Posts a comment and returns its body (the comment view). Without a body, each post gets its
 * own text ("A comment 1", "A comment 2"…): the same text again on one article is a duplicate.
 */
export async function postComment(
  t: TestApp,
  author: TestAccount,
  articleId: string,
  body = `A comment ${++posted}`,
  parentId?: string,
): Promise<{ id: string; [key: string]: unknown }> {
  const res = await t
    .http()
    .post(`/api/v1/articles/${encodeURIComponent(articleId)}/comments`)
    .set(author.auth)
    .send({ body, ...(parentId ? { parentId } : {}) });
  if (res.status !== 201) throw new Error(`post failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

import type { WebhookEventData } from './webhook-events.service';

/** The fields of a comment that every comment.* event carries (ids and state, never the text). */
export function commentEventData(comment: {
  id: string;
  articleId: string;
  parentId: string | null;
  authorId: string;
  status: string;
}): WebhookEventData {
  return {
    commentId: comment.id,
    articleId: comment.articleId,
    parentId: comment.parentId,
    authorId: comment.authorId,
    status: comment.status,
  };
}

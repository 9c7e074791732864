export { ThreadsModule } from './threads.module';
export { ArticlesService } from './articles.service';
export {
  ARTICLE_ID,
  ARTICLE_ID_MAX,
  ARTICLE_ID_RULE,
  MAX_ARTICLE_IDS,
  TITLE_MAX,
  URL_MAX,
  isArticleId,
  parseArticleIds,
} from './article-input';
export type { ArticleInput } from './article-input';
export type { ArticleWithCount } from './article-record';
export { CommentReadingService, MAX_PINNED_SHOWN } from './comment-reading.service';
export type { CommentSort, PageQuery } from './comment-reading.service';
export { CommentPostingService } from './comment-posting.service';
export { CommentEditingService } from './comment-editing.service';
export { CommentReactionsService } from './comment-reactions.service';
export type { ReportReasonName, ReportResult } from './comment-reactions.service';
export { CommentModerationService } from './comment-moderation.service';
export type { QueueQuery, ReportedComment } from './comment-moderation.service';
export { PostingPolicyService, MAX_BANNED_WORDS, MAX_WORD_LENGTH } from './posting-policy.service';
export { AuthorErasureService } from './author-erasure.service';
export { CommentRevisionRetention } from './comment-revision-retention.service';
export { IdempotencyKeyRetention } from './idempotency-key-retention.service';
export { CommentPresenter } from './comment-presenter.service';
export { CommentStore } from './comment-store.service';
export { BodyClaimsSweeper } from './body-claims-sweeper.service';
export { BODY_MAX, BODY_MIN } from './comment-text';
export { IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_RULE, REPORT_NOTE_MAX } from './comment-input';
export type { CommentRecord, CommentStatusName } from './comment-record';
export type { Badge, CommentPage, CommentView } from './comment-view';
export { CommentNotificationsService, NOTIFICATION_CHANNEL } from './comment-notifications.service';
export type {
  RejectionNotice,
  ReplyDigestItem,
  ReplyNotice,
} from './comment-notifications.service';
export { AuthorDataService } from './author-data.service';
export type { AuthorData } from './author-data.service';

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
export type { ArticleWithCount, AudienceName } from './article-record';
export { AUDIENCES } from './article-record';
export { SLOW_MODE_MAX_SECONDS, PLANS_MAX, PLAN_MAX } from './article-input';
export { PostingGate } from './posting-gate.service';
export type { PostingPermission } from './posting-gate.service';
export { SitePolicyService } from './site-policy.service';
export type { SitePolicyChange } from './site-policy.service';
export type { SitePolicy } from './posting-policy.store';
export { CommentReadingService } from './comment-reading.service';
export type { PageQuery } from './comment-reading.service';
export { MAX_PINNED_SHOWN } from './comment.store';
export { CommentPostingService } from './comment-posting.service';
export { CommentEditingService } from './comment-editing.service';
export { CommentReactionsService } from './comment-reactions.service';
export type { ReportResult } from './comment-reactions.service';
export { CommentModerationService } from './comment-moderation.service';
export type {
  CommentDecided,
  CommentDecisionKind,
  QueueQuery,
  ReportedComment,
} from './comment-moderation.service';
export { CommentChanges } from './comment-changes.service';
export type { CommentTouch } from './comment-live-events.service';
export { CommentLiveReplay } from './comment-live-replay.service';
export { PostingPolicyService, MAX_BANNED_WORDS, MAX_WORD_LENGTH } from './posting-policy.service';
export type { BannedWordsChange } from './posting-policy.service';
export type { BannedWordActionName, BannedWordEntry } from './banned-words';
export { AuthorErasureService } from './author-erasure.service';
export { CommentRevisionRetention } from './comment-revision-retention.service';
export { IdempotencyKeyRetention } from './idempotency-key-retention.service';
export { BodyClaimRetention } from './body-claim-retention.service';
export { CommentPresenter } from './comment-presenter.service';
export { BODY_MAX, BODY_MIN } from './comment-text';
export { IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_RULE, REPORT_NOTE_MAX } from './comment-input';
export type {
  CommentRecord,
  CommentSort,
  CommentStatusName,
  HoldReasonName,
  ReportReasonName,
} from './comment-record';
export type { Badge, CommentPage, PublicComment } from './public-comment';
export { CommentNotificationsService, NOTIFICATION_CHANNEL } from './comment-notifications.service';
export type { RejectionNotice, ReplyNotice } from './comment-notifications.service';
export type { NoticedReply } from './reply-notice.store';
export { ReplyNoticeRetention } from './reply-notice-retention.service';
export { AuthorDataService } from './author-data.service';
export type { AuthorData } from './author-data.service';
export { AuthorHistoryService } from './author-history.service';
export type { AuthorActivity } from './author-history.service';
export { CommentReinstatementService } from './comment-reinstatement.service';
export { ArticleVersions } from './article-versions.service';
export { AnonymousPageCache, anonymousPageVariant } from './anonymous-page-cache.service';
export {
  ArticleChangeNotices,
  ARTICLE_CHANGED_CHANNEL,
  CDN_PURGE_CHANNEL,
  articleCacheKey,
} from './article-change-notices.service';
export { ArticleChangedHandler } from './article-changed.handler';
export { CdnPurgeHandler } from './cdn-purge.handler';

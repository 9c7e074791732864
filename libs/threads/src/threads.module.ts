import { Module } from '@nestjs/common';
import { AuditModule } from '@parley/audit';
import { BillingModule } from '@parley/billing';
import { IdentityModule } from '@parley/identity';
import { LiveModule } from '@parley/live';
import { OutboxModule } from '@parley/outbox';
import { WebhooksModule } from '@parley/webhooks';
import { AnonymousPageCache } from './anonymous-page-cache.service';
import { ArticleStore } from './article.store';
import { ArticleChangeNotices } from './article-change-notices.service';
import { ArticleChangedHandler } from './article-changed.handler';
import { CdnPurgeHandler } from './cdn-purge.handler';
import { ArticleVersions } from './article-versions.service';
import { ArticlesService } from './articles.service';
import { AuthorDataService } from './author-data.service';
import { AuthorErasureService } from './author-erasure.service';
import { BannedWordStore } from './banned-word.store';
import { BodyClaimRetention } from './body-claim-retention.service';
import { CommentBodyClaimStore } from './comment-body-claim.store';
import { CommentChanges } from './comment-changes.service';
import { CommentLiveEvents } from './comment-live-events.service';
import { CommentLiveReplay } from './comment-live-replay.service';
import { CommentEditingService } from './comment-editing.service';
import { CommentIdempotencyKeyStore } from './comment-idempotency-key.store';
import { CommentLikeStore } from './comment-like.store';
import { CommentModerationService } from './comment-moderation.service';
import { CommentNotificationsService } from './comment-notifications.service';
import { CommentPostingService } from './comment-posting.service';
import { CommentPresenter } from './comment-presenter.service';
import { CommentReactionsService } from './comment-reactions.service';
import { CommentReadingService } from './comment-reading.service';
import { CommentReportStore } from './comment-report.store';
import { CommentRevisionRetention } from './comment-revision-retention.service';
import { CommentRevisionStore } from './comment-revision.store';
import { CommentStore } from './comment.store';
import { AuthorHistoryService } from './author-history.service';
import { CommentReinstatementService } from './comment-reinstatement.service';
import { IdempotencyKeyRetention } from './idempotency-key-retention.service';
import { PostingGate } from './posting-gate.service';
import { CommentRulesService } from './comment-rules.service';
import { PostingPolicyService } from './posting-policy.service';
import { PostingPolicyStore } from './posting-policy.store';
import { PremoderatedUserStore } from './premoderated-user.store';
import { ScoringService } from './scoring.service';
import { SitePolicyService } from './site-policy.service';
import { ReplyNoticeRetention } from './reply-notice-retention.service';
import { ReplyNoticeStore } from './reply-notice.store';

const EXPORTED = [
  ArticlesService,
  CommentReadingService,
  CommentPostingService,
  CommentEditingService,
  CommentReactionsService,
  CommentModerationService,
  CommentChanges,
  CommentLiveReplay,
  PostingPolicyService,
  SitePolicyService,
  PostingGate,
  AuthorErasureService,
  AuthorDataService,
  CommentPresenter,
  IdempotencyKeyRetention,
  CommentRevisionRetention,
  BodyClaimRetention,
  CommentNotificationsService,
  ReplyNoticeRetention,
  AuthorHistoryService,
  CommentReinstatementService,
  ArticleVersions,
  AnonymousPageCache,
  ArticleChangeNotices,
  ArticleChangedHandler,
  CdnPurgeHandler,
];

const STORES = [
  ArticleStore,
  CommentStore,
  CommentRevisionStore,
  CommentLikeStore,
  CommentReportStore,
  CommentIdempotencyKeyStore,
  CommentBodyClaimStore,
  BannedWordStore,
  ReplyNoticeStore,
  PostingPolicyStore,
  PremoderatedUserStore,
];

@Module({
  imports: [AuditModule, IdentityModule, BillingModule, OutboxModule, WebhooksModule, LiveModule],
  providers: [...EXPORTED, ...STORES, CommentRulesService, ScoringService, CommentLiveEvents],
  exports: EXPORTED,
})
export class ThreadsModule {}

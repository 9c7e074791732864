import { Module } from '@nestjs/common';
import { BillingModule } from '@parley/billing';
import { IdentityModule } from '@parley/identity';
import { OutboxModule } from '@parley/outbox';
import { AnonymousPageCache } from './anonymous-page-cache.service';
import { ArticleVersions } from './article-versions.service';
import { ArticlesService } from './articles.service';
import { AuthorDataService } from './author-data.service';
import { AuthorErasureService } from './author-erasure.service';
import { BodyClaimsSweeper } from './body-claims-sweeper.service';
import { CommentEditingService } from './comment-editing.service';
import { CommentModerationService } from './comment-moderation.service';
import { CommentNotificationsService } from './comment-notifications.service';
import { CommentPostingService } from './comment-posting.service';
import { CommentPresenter } from './comment-presenter.service';
import { CommentReactionsService } from './comment-reactions.service';
import { CommentReadingService } from './comment-reading.service';
import { CommentStore } from './comment-store.service';
import { CommentRevisionRetention } from './comment-revision-retention.service';
import { IdempotencyKeyRetention } from './idempotency-key-retention.service';
import { PostingGate } from './posting-gate.service';
import { PostingPolicyService } from './posting-policy.service';
import { ReplyNoticeRetention } from './reply-notice-retention.service';
import { ReplyNoticeStore } from './reply-notice.store';

const EXPORTED = [
  ArticlesService,
  CommentReadingService,
  CommentPostingService,
  CommentEditingService,
  CommentReactionsService,
  CommentModerationService,
  PostingPolicyService,
  AuthorErasureService,
  AuthorDataService,
  CommentPresenter,
  IdempotencyKeyRetention,
  CommentRevisionRetention,
  CommentNotificationsService,
  ReplyNoticeRetention,
];

@Module({
  imports: [IdentityModule, BillingModule, OutboxModule],
  providers: [
    ...EXPORTED,
    CommentStore,
    ReplyNoticeStore,
    PostingGate,
    ArticleVersions,
    AnonymousPageCache,
    BodyClaimsSweeper,
  ],
  exports: EXPORTED,
})
export class ThreadsModule {}

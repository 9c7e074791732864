import { Module } from '@nestjs/common';
import { AuditModule } from '@parley/audit';
import { IdentityModule } from '@parley/identity';
import { ThreadsModule } from '@parley/threads';
import { AccountSanctionsService } from './account-sanctions.service';
import { BannedWordsService } from './banned-words.service';
import { CommentDecisionsService } from './comment-decisions.service';
import { ModeratedCommentPresenter } from './moderated-comment-presenter.service';
import { ModerationPolicyService } from './moderation-policy.service';
import { ModerationQueueService } from './moderation-queue.service';

const EXPORTED = [
  ModerationQueueService,
  CommentDecisionsService,
  AccountSanctionsService,
  BannedWordsService,
  ModerationPolicyService,
];

@Module({
  imports: [AuditModule, IdentityModule, ThreadsModule],
  providers: [...EXPORTED, ModeratedCommentPresenter],
  exports: EXPORTED,
})
export class ModerationModule {}

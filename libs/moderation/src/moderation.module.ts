import { Module } from '@nestjs/common';
import { IdentityModule } from '@parley/identity';
import { ThreadsModule } from '@parley/threads';
import { AccountSanctionsService } from './account-sanctions.service';
import { AuditLogService } from './audit-log.service';
import { BannedWordsService } from './banned-words.service';
import { CommentDecisionsService } from './comment-decisions.service';
import { ModeratedCommentPresenter } from './moderated-comment-presenter.service';
import { ModerationQueueService } from './moderation-queue.service';

const EXPORTED = [
  AuditLogService,
  ModerationQueueService,
  CommentDecisionsService,
  AccountSanctionsService,
  BannedWordsService,
];

@Module({
  imports: [IdentityModule, ThreadsModule],
  providers: [...EXPORTED, ModeratedCommentPresenter],
  exports: EXPORTED,
})
export class ModerationModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '@parley/audit';
import { BillingModule } from '@parley/billing';
import { IdentityModule } from '@parley/identity';
import { ThreadsModule } from '@parley/threads';
import { WebhooksModule } from '@parley/webhooks';
import { AccountSanctionsService } from './account-sanctions.service';
import { BannedWordsService } from './banned-words.service';
import { CommentDecisionsService } from './comment-decisions.service';
import { ModeratedCommentPresenter } from './moderated-comment-presenter.service';
import { ModerationPolicyService } from './moderation-policy.service';
import { ModerationQueueService } from './moderation-queue.service';
import { BulkDecisionsService } from './bulk-decisions.service';
import { ModeratorNoteStore } from './moderator-note.store';
import { ModeratorNotesService } from './moderator-notes.service';
import { UserProfileService } from './user-profile.service';

const EXPORTED = [
  ModerationQueueService,
  CommentDecisionsService,
  AccountSanctionsService,
  BannedWordsService,
  ModeratorNotesService,
  BulkDecisionsService,
  UserProfileService,
  ModerationPolicyService,
];

@Module({
  imports: [AuditModule, IdentityModule, BillingModule, ThreadsModule, WebhooksModule],
  providers: [...EXPORTED, ModeratedCommentPresenter, ModeratorNoteStore],
  exports: EXPORTED,
})
export class ModerationModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '@parley/audit';
import { ModerationModule } from '@parley/moderation';
import { ThreadsModule } from '@parley/threads';
import { ModerationCommentToolsController } from './moderation-comment-tools.controller';
import { ModerationCommentsController } from './moderation-comments.controller';
import { ModerationPolicyController } from './moderation-policy.controller';
import { ModerationUserProfileController } from './moderation-user-profile.controller';
import { ModerationUsersController } from './moderation-users.controller';

@Module({
  imports: [AuditModule, ModerationModule, ThreadsModule],
  controllers: [
    ModerationCommentsController,
    ModerationUsersController,
    ModerationPolicyController,
    ModerationUserProfileController,
    ModerationCommentToolsController,
  ],
})
export class ModerationHttpModule {}

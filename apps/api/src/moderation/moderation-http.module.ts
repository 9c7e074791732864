import { Module } from '@nestjs/common';
import { AuditModule } from '@parley/audit';
import { ModerationModule } from '@parley/moderation';
import { ModerationCommentsController } from './moderation-comments.controller';
import { ModerationPolicyController } from './moderation-policy.controller';
import { ModerationUsersController } from './moderation-users.controller';

@Module({
  imports: [AuditModule, ModerationModule],
  controllers: [
    ModerationCommentsController,
    ModerationUsersController,
    ModerationPolicyController,
  ],
})
export class ModerationHttpModule {}

import { Module } from '@nestjs/common';
import { ModerationModule } from '@parley/moderation';
import { ModerationCommentsController } from './moderation-comments.controller';
import { ModerationPolicyController } from './moderation-policy.controller';
import { ModerationUsersController } from './moderation-users.controller';

@Module({
  imports: [ModerationModule],
  controllers: [
    ModerationCommentsController,
    ModerationUsersController,
    ModerationPolicyController,
  ],
})
export class ModerationHttpModule {}

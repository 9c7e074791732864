import { Module } from '@nestjs/common';
import { BillingModule, StripeEventRetention } from '@parley/billing';
import { RETENTION_STEPS, RetentionJob, RetentionStep } from '@parley/database';
import { IdentityModule, SessionRetention, SsoTokenRetention } from '@parley/identity';
import { LiveEventRetention, LiveModule } from '@parley/live';
import { OutboxModule, OutboxRetention } from '@parley/outbox';
import {
  BodyClaimRetention,
  CommentRevisionRetention,
  IdempotencyKeyRetention,
  ReplyNoticeRetention,
  ThreadsModule,
} from '@parley/threads';

/**
 * The retention job and its steps, in order: each step is owned by the lib whose table it purges
 * (periods: the RETENTION_* variables). A new kind of data to purge is one more entry here.
 */
@Module({
  imports: [IdentityModule, ThreadsModule, BillingModule, OutboxModule, LiveModule],
  providers: [
    RetentionJob,
    {
      provide: RETENTION_STEPS,
      inject: [
        SessionRetention,
        SsoTokenRetention,
        IdempotencyKeyRetention,
        CommentRevisionRetention,
        ReplyNoticeRetention,
        BodyClaimRetention,
        StripeEventRetention,
        OutboxRetention,
        LiveEventRetention,
      ],
      useFactory: (...steps: RetentionStep[]): RetentionStep[] => steps,
    },
  ],
})
export class RetentionModule {}

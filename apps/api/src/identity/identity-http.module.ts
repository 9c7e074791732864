import { Module } from '@nestjs/common';
import { BillingErasureService, BillingModule } from '@parley/billing';
import {
  ACCOUNT_ERASURE_STEPS,
  AccountErasureService,
  AccountErasureStep,
  IdentityModule,
} from '@parley/identity';
import { ModerationModule, ModeratorNotesService } from '@parley/moderation';
import { NotificationSettingsService, NotificationsModule } from '@parley/notifications';
import { AuthorErasureService, ThreadsModule } from '@parley/threads';
import { AccountEmailController } from './account-email.controller';
import { AccountExportService } from './account-export.service';
import { AccountViewService } from './account-view.service';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { MeController } from './me.controller';

/**
 * Erasing an account runs these steps in order before identity wipes the account: first the
 * Stripe cancellation (the step most likely to fail, while nothing is changed yet), then the
 * author's comments become placeholders, then moderators' notes about the account are deleted, then
 * mail waiting for the account is dropped.
 */
@Module({
  imports: [IdentityModule, BillingModule, ThreadsModule, ModerationModule, NotificationsModule],
  controllers: [AuthController, AccountEmailController, MeController, AdminUsersController],
  providers: [
    AccountViewService,
    AccountExportService,
    AccountErasureService,
    {
      provide: ACCOUNT_ERASURE_STEPS,
      inject: [
        BillingErasureService,
        AuthorErasureService,
        ModeratorNotesService,
        NotificationSettingsService,
      ],
      useFactory: (
        billing: BillingErasureService,
        threads: AuthorErasureService,
        notes: ModeratorNotesService,
        notifications: NotificationSettingsService,
      ): AccountErasureStep[] => [billing, threads, notes, notifications],
    },
  ],
})
export class IdentityHttpModule {}

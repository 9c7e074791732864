import { Module } from '@nestjs/common';
import { BillingErasureService, BillingModule, PublisherEntitlementService } from '@parley/billing';
import {
  ACCOUNT_ERASURE_STEPS,
  AccountErasureService,
  AccountErasureStep,
  IdentityModule,
  SSO_SIGN_IN_STEPS,
  SsoSignInService,
  SsoSignInStep,
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
 * A publisher sign-in runs its steps in its transaction: billing keeps the publisher entitlement.
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
    SsoSignInService,
    {
      provide: SSO_SIGN_IN_STEPS,
      inject: [PublisherEntitlementService],
      useFactory: (publisher: PublisherEntitlementService): SsoSignInStep[] => [publisher],
    },
  ],
})
export class IdentityHttpModule {}

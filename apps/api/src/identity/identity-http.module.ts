import { Module } from '@nestjs/common';
import { BillingModule } from '@parley/billing';
import { ACCOUNT_ERASURE_STEPS, AccountErasureService, AccountErasureStep, IdentityModule } from '@parley/identity';
import { AccountViewService } from './account-view.service';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { MeController } from './me.controller';

/**
 * Erasing an account runs these steps in order before identity wipes the account. Billing (the
 * Stripe cancellation) and threads (comments to placeholders) register their steps here, as a
 * factory injecting their services.
 */
const erasureSteps: AccountErasureStep[] = [];

@Module({
  imports: [IdentityModule, BillingModule],
  controllers: [AuthController, MeController, AdminUsersController],
  providers: [AccountViewService, AccountErasureService, { provide: ACCOUNT_ERASURE_STEPS, useValue: erasureSteps }],
})
export class IdentityHttpModule {}

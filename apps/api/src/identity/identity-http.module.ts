import { Module } from '@nestjs/common';
import { BillingModule } from '@parley/billing';
import { IdentityModule } from '@parley/identity';
import { AccountViewService } from './account-view.service';
import { AuthController } from './auth.controller';
import { MeController } from './me.controller';

@Module({
  imports: [IdentityModule, BillingModule],
  controllers: [AuthController, MeController],
  providers: [AccountViewService],
})
export class IdentityHttpModule {}

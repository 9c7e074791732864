import { DynamicModule, Module } from '@nestjs/common';
import { BillingModule } from '@parley/billing';
import { ConfigModule, ConfigValues } from '@parley/config';
import { DatabaseModule } from '@parley/database';

/** What `npm run billing:reconcile` needs: configuration, the database and billing; no HTTP. */
@Module({})
export class BillingReconcileModule {
  static forRoot(config: ConfigValues): DynamicModule {
    return {
      module: BillingReconcileModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), BillingModule],
    };
  }
}

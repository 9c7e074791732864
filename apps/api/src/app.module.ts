import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigValues } from '@parley/config';
import { DatabaseModule } from '@parley/database';
import { BillingHttpModule } from './billing/billing-http.module';
import { HealthModule } from './health/health.module';
import { HttpModule } from './http/http.module';
import { IdentityHttpModule } from './identity/identity-http.module';
import { LiveHttpModule } from './live/live-http.module';
import { RateLimitModule } from '@parley/rate-limit';
import { LoggerModule } from './http/logger.module';
import { ModerationHttpModule } from './moderation/moderation-http.module';
import { RetentionModule } from './retention/retention.module';
import { NotificationsHttpModule } from './notifications/notifications-http.module';
import { ThreadsHttpModule } from './threads/threads-http.module';
import { WebhooksHttpModule } from './webhooks/webhooks-http.module';

/** Composes the libs' modules and the HTTP layer; nothing else. */
@Module({})
export class AppModule {
  static forRoot(config: ConfigValues): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        DatabaseModule.forRoot(),
        RateLimitModule,
        HttpModule,
        HealthModule,
        IdentityHttpModule,
        BillingHttpModule,
        ThreadsHttpModule,
        ModerationHttpModule,
        RetentionModule,
        NotificationsHttpModule,
        WebhooksHttpModule,
        LiveHttpModule,
      ],
    };
  }
}

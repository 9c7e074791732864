import { Module } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { LiveEventRetention } from './live-event-retention.service';
import { LiveEventStore } from './live-event.store';
import { LivePublisher } from './live-publisher.service';
import { LiveStreams } from './live-streams.service';
import { LiveTransport } from './live-transport';
import { PostgresLiveTransport } from './postgres-live-transport';
import { RedisLiveTransport } from './redis-live-transport';

/**
 * Live updates: Redis (streams and pub/sub) when REDIS_URL is set, else PostgreSQL (a table and
 * LISTEN/NOTIFY), else on the embedded server the table and an in-process announcement.
 */
@Module({
  providers: [
    LiveEventStore,
    LiveEventRetention,
    LivePublisher,
    LiveStreams,
    {
      provide: LiveTransport,
      inject: [AppConfig, LiveEventStore],
      useFactory: ({ values }: AppConfig, store: LiveEventStore): LiveTransport =>
        values.REDIS_URL
          ? new RedisLiveTransport(values.REDIS_URL, values.LIVE_HISTORY_SECONDS)
          : new PostgresLiveTransport(store, !store.embedded),
    },
  ],
  exports: [LivePublisher, LiveStreams, LiveEventRetention],
})
export class LiveModule {}

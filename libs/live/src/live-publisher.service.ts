import { Injectable, Logger } from '@nestjs/common';
import type { NewLiveEvent } from './live-event';
import { LiveStreams } from './live-streams.service';
import { LiveTransport } from './live-transport';

/**
 * What domain libs publish through, after their change has committed. A failure is logged, not
 * thrown: the change itself stands, and readers see it on their next load.
 */
@Injectable()
export class LivePublisher {
  private readonly logger = new Logger(LivePublisher.name);

  constructor(
    private readonly transport: LiveTransport,
    private readonly streams: LiveStreams,
  ) {}

  async publish(articleId: string, events: NewLiveEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.transport.append(articleId, events);
      this.streams.wake(articleId);
    } catch (error) {
      this.logger.warn(
        {
          articleId,
          events: events.length,
          err: error instanceof Error ? error.message : String(error),
        },
        'Live events not published',
      );
    }
  }
}

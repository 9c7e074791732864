import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { randomUUID } from 'node:crypto';
import { OUTBOX_HANDLERS, OutboxHandler, PermanentDeliveryError } from './outbox-handler';
import type { ClaimedMessage } from './outbox-message';
import { OutboxStore } from './outbox.store';
import { retryDelaySeconds } from './retry-delay';

const BATCH = 10;
/** A claimed message is this instance's for this long; handlers time out well before it. */
const LEASE_SECONDS = 120;

/**
 * Polls the outbox and hands each due message to its channel's handler: sent, retried with
 * exponential backoff, or given up (a permanent failure, or OUTBOX_MAX_ATTEMPTS reached).
 * Every instance may run one (OUTBOX_WORKER); claims keep them from sending a message twice.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly workerId = randomUUID();
  private readonly handlers: Map<string, OutboxHandler>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly config: AppConfig,
    @Inject(OUTBOX_HANDLERS) handlers: OutboxHandler[],
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.channel, handler]));
  }

  onApplicationBootstrap(): void {
    if (this.config.values.OUTBOX_WORKER) this.schedule(0);
  }

  /** Stops polling and waits for the batch in hand, before the database pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Handles every message due now, batch after batch; resolves when none is left. */
  async drain(): Promise<void> {
    while (!this.stopped) {
      const claimed = await this.store.claim(
        this.workerId,
        [...this.handlers.keys()],
        BATCH,
        LEASE_SECONDS,
      );
      for (const message of claimed) await this.deliver(message);
      if (claimed.length < BATCH) return;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((error: Error) => this.logger.warn(`Outbox poll failed: ${error.message}`))
        .finally(() => this.schedule(this.config.values.OUTBOX_POLL_INTERVAL_MS));
    }, delayMs);
    this.timer.unref();
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    const handler = this.handlers.get(message.channel);
    try {
      if (!handler) throw new PermanentDeliveryError(`no handler for channel ${message.channel}`);
      await handler.handle(message);
      await this.store.markSent(message.id, this.workerId);
    } catch (error) {
      await this.failed(message, error as Error);
    }
  }

  private async failed(message: ClaimedMessage, error: Error): Promise<void> {
    const { OUTBOX_MAX_ATTEMPTS, OUTBOX_RETRY_BASE_SECONDS } = this.config.values;
    const reason = error.message || error.name;
    const label = `Outbox message ${message.id} (${message.channel}/${message.kind}) attempt ${message.attempts}`;
    if (error instanceof PermanentDeliveryError || message.attempts >= OUTBOX_MAX_ATTEMPTS) {
      this.logger.warn(`${label} failed for good: ${reason}`);
      await this.store.markFailed(message.id, this.workerId, reason);
      return;
    }
    const delay = retryDelaySeconds(message.attempts, OUTBOX_RETRY_BASE_SECONDS);
    this.logger.warn(`${label} failed, retrying in ${delay} s: ${reason}`);
    await this.store.retryLater(message.id, this.workerId, reason, delay);
  }
}

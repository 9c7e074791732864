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
import { retryDelaySeconds, retryDelayWithinSeconds } from './retry-delay';
import { failureReason } from './failure-reason';

const BATCH = 10;
/**
 * A claimed message is this instance's for this long; handlers time out well before it (a
 * webhook gives up after 10 s, and a batch of them is handled at once).
 */
const LEASE_SECONDS = 120;

/**
 * Polls the outbox and hands each due message to its channel's handler: sent, retried with
 * exponential backoff, or given up (a permanent failure, OUTBOX_MAX_ATTEMPTS reached, or the
 * handler's retry window over). Each channel is a lane of its own (its own claims and timer),
 * so a slow channel (a dead webhook endpoint) never delays the mail. Every instance may run one
 * (OUTBOX_WORKER); claims keep them from sending a message twice.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly workerId = randomUUID();
  private readonly handlers: Map<string, OutboxHandler>;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly config: AppConfig,
    @Inject(OUTBOX_HANDLERS) handlers: OutboxHandler[],
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.channel, handler]));
  }

  onApplicationBootstrap(): void {
    if (!this.config.values.OUTBOX_WORKER) return;
    for (const handler of this.handlers.values()) this.schedule(handler, 0);
  }

  /** Stops polling and waits for the batches in hand, before the database pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.all(this.running.values());
  }

  /** Handles every message due now, on every channel; resolves when none is left. */
  async drain(): Promise<void> {
    await Promise.all([...this.handlers.values()].map((handler) => this.drainLane(handler)));
  }

  /** Handles the channel's due messages, batch after batch, `parallel` at a time. */
  private async drainLane(handler: OutboxHandler): Promise<void> {
    const parallel = Math.max(1, handler.parallel ?? 1);
    while (!this.stopped) {
      const claimed = await this.store.claim(
        this.workerId,
        [handler.channel],
        Math.max(BATCH, parallel),
        LEASE_SECONDS,
      );
      for (let start = 0; start < claimed.length; start += parallel)
        await Promise.all(
          claimed.slice(start, start + parallel).map((message) => this.deliver(handler, message)),
        );
      if (claimed.length < Math.max(BATCH, parallel)) return;
    }
  }

  private schedule(handler: OutboxHandler, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      const run = this.drainLane(handler)
        .catch((error: Error) =>
          this.logger.warn(`Outbox poll (${handler.channel}) failed: ${error.message}`),
        )
        .finally(() => this.schedule(handler, this.config.values.OUTBOX_POLL_INTERVAL_MS));
      this.running.set(handler.channel, run);
    }, delayMs);
    timer.unref();
    this.timers.set(handler.channel, timer);
  }

  private async deliver(handler: OutboxHandler, message: ClaimedMessage): Promise<void> {
    try {
      await handler.handle(message);
      await this.store.markSent(message.id, this.workerId);
    } catch (error) {
      await this.failed(handler, message, error as Error);
    }
  }

  private async failed(
    handler: OutboxHandler,
    message: ClaimedMessage,
    error: Error,
  ): Promise<void> {
    const reason = failureReason(error);
    const label = `Outbox message ${message.id} (${message.channel}/${message.kind}) attempt ${message.attempts}`;
    const delay =
      error instanceof PermanentDeliveryError ? null : this.retryDelay(handler, message);
    if (delay === null) {
      this.logger.warn(`${label} failed for good: ${reason}`);
      await this.store.markFailed(message.id, this.workerId, reason);
      return;
    }
    this.logger.warn(`${label} failed, retrying in ${delay} s: ${reason}`);
    await this.store.retryLater(message.id, this.workerId, reason, delay);
  }

  /** Seconds until the next attempt, or null to give up. */
  private retryDelay(handler: OutboxHandler, message: ClaimedMessage): number | null {
    const { OUTBOX_MAX_ATTEMPTS, OUTBOX_RETRY_BASE_SECONDS } = this.config.values;
    if (handler.retryWindowSeconds !== undefined) {
      const elapsed = (message.claimedAt.getTime() - message.createdAt.getTime()) / 1000;
      return retryDelayWithinSeconds(
        message.attempts,
        OUTBOX_RETRY_BASE_SECONDS,
        elapsed,
        handler.retryWindowSeconds,
      );
    }
    if (message.attempts >= OUTBOX_MAX_ATTEMPTS) return null;
    return retryDelaySeconds(message.attempts, OUTBOX_RETRY_BASE_SECONDS);
  }
}

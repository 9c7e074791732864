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

/**
 * A claimed message is this instance's for this long. A message is claimed only when a slot is
 * free to deliver it at once, and handlers give up well before the lease ends (a webhook attempt
 * after 10 s), so no other instance takes a delivery in progress.
 */
const LEASE_SECONDS = 120;

/** One channel's deliveries on this instance. */
interface Lane {
  readonly handler: OutboxHandler;
  /** Deliveries in progress at once at most (the handler's `parallel`). */
  readonly slots: number;
  readonly inFlight: Set<Promise<void>>;
  /** Deliveries in progress by subject, when the handler limits them (`parallelPerSubject`). */
  readonly bySubject: Map<string, number>;
  /** Deliveries ended so far: one ending during a claim may have made room the claim missed. */
  ended: number;
  /** The latest pass over the lane; passes run one after another (they share the slots). */
  pass: Promise<void>;
}

/**
 * Polls the outbox and hands each due message to its channel's handler: sent, retried with
 * exponential backoff, or given up (a permanent failure, OUTBOX_MAX_ATTEMPTS reached, or the
 * handler's retry window over). Each channel is a lane of its own (its own claims and timer),
 * so a slow channel (a dead webhook endpoint) never delays the mail. Within a lane deliveries
 * form a pool of `parallel` slots, not batches: a slot that frees is filled at once, so a slow
 * delivery holds its own slot only, and `parallelPerSubject` keeps one subject from taking them
 * all. Every instance may run one (OUTBOX_WORKER); claims keep them from sending a message twice.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly workerId = randomUUID();
  private readonly lanes: Lane[];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private wakeOnStop: () => void = () => undefined;
  /** Settles on shutdown: wakes the lanes waiting for a delivery to end or the next poll. */
  private readonly stopping = new Promise<void>((resolve) => (this.wakeOnStop = resolve));

  constructor(
    private readonly store: OutboxStore,
    private readonly config: AppConfig,
    @Inject(OUTBOX_HANDLERS) handlers: OutboxHandler[],
  ) {
    const byChannel = new Map(handlers.map((handler) => [handler.channel, handler]));
    this.lanes = [...byChannel.values()].map((handler) => ({
      handler,
      slots: Math.max(1, handler.parallel ?? 1),
      inFlight: new Set(),
      bySubject: new Map(),
      ended: 0,
      pass: Promise.resolve(),
    }));
  }

  onApplicationBootstrap(): void {
    if (!this.config.values.OUTBOX_WORKER) return;
    for (const lane of this.lanes) this.schedule(lane, 0);
  }

  /**
   * Stops claiming and polling, and waits for the deliveries in progress (each bounded by its
   * handler's timeout) before the database pool closes. Messages not yet claimed stay due for
   * the next instance; one whose mark cannot be written is due again when its lease ends.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wakeOnStop();
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.allSettled(this.lanes.map((lane) => lane.pass));
    await Promise.all(this.lanes.flatMap((lane) => [...lane.inFlight]));
  }

  /** Handles every message due now, on every channel; resolves when none is left. */
  async drain(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => this.drainLane(lane)));
  }

  /**
   * A pass over the lane, after the one running if any: whatever was due when it was asked for
   * has been handled when it resolves.
   */
  private drainLane(lane: Lane): Promise<void> {
    const pass = lane.pass.catch(() => undefined).then(() => this.fill(lane));
    lane.pass = pass;
    return pass;
  }

  /**
   * Keeps the lane's slots filled until nothing is due and nothing is in progress: claims as many
   * messages as slots are free (never more: a claimed message waiting for a slot would spend its
   * lease behind a slow delivery), again as soon as one ends, and every poll interval while some
   * are in progress, so that messages queued meanwhile do not wait for the slowest of them.
   */
  private async fill(lane: Lane): Promise<void> {
    while (!this.stopped) {
      const free = lane.slots - lane.inFlight.size;
      if (free === 0) {
        await this.settle(lane, null);
        continue;
      }
      const ended = lane.ended;
      const claimed = await this.claim(lane, free);
      for (const message of claimed) this.start(lane, message);
      // Claim again at once when something was claimed (more may be due: a subject's surplus
      // was passed over) or a delivery ended meanwhile (its subject has room the claim missed).
      if (claimed.length > 0 || lane.ended !== ended) continue;
      if (lane.inFlight.size === 0) return;
      await this.settle(lane, this.config.values.OUTBOX_POLL_INTERVAL_MS);
    }
  }

  private claim(lane: Lane, free: number): Promise<ClaimedMessage[]> {
    const { handler } = lane;
    const perSubject =
      handler.parallelPerSubject === undefined
        ? undefined
        : { limit: Math.max(1, handler.parallelPerSubject), busy: lane.bySubject };
    return this.store.claim(this.workerId, [handler.channel], free, LEASE_SECONDS, perSubject);
  }

  /** Starts delivering the message in a slot of the lane, freed when the delivery ends. */
  private start(lane: Lane, message: ClaimedMessage): void {
    const subject = lane.handler.parallelPerSubject === undefined ? null : message.subjectId;
    if (subject !== null) lane.bySubject.set(subject, (lane.bySubject.get(subject) ?? 0) + 1);
    const delivery: Promise<void> = this.deliver(lane.handler, message)
      .catch((error: Error) =>
        this.logger.warn(
          `Outbox message ${message.id} (${message.channel}) not marked, due again after its lease: ${error.message}`,
        ),
      )
      .finally(() => {
        lane.ended += 1;
        lane.inFlight.delete(delivery);
        if (subject === null) return;
        const left = (lane.bySubject.get(subject) ?? 1) - 1;
        if (left > 0) lane.bySubject.set(subject, left);
        else lane.bySubject.delete(subject);
      });
    lane.inFlight.add(delivery);
  }

  /** Until a delivery of the lane ends, `pollMs` passes (if given), or the worker stops. */
  private async settle(lane: Lane, pollMs: number | null): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const poll =
      pollMs === null
        ? []
        : [new Promise<void>((resolve) => (timer = setTimeout(resolve, pollMs)))];
    try {
      await Promise.race([...lane.inFlight, this.stopping, ...poll]);
    } finally {
      clearTimeout(timer);
    }
  }

  private schedule(lane: Lane, delayMs: number): void {
    if (this.stopped) return;
    const { channel } = lane.handler;
    const timer = setTimeout(() => {
      void this.drainLane(lane)
        .catch((error: Error) =>
          this.logger.warn(`Outbox poll (${channel}) failed: ${error.message}`),
        )
        .finally(() => this.schedule(lane, this.config.values.OUTBOX_POLL_INTERVAL_MS));
    }, delayMs);
    timer.unref();
    this.timers.set(channel, timer);
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

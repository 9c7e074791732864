import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { PrismaService } from '@parley/database';
import { createStoreTestContext, until } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import type { OutboxHandler } from './outbox-handler';
import type { ClaimedMessage } from './outbox-message';
import { OutboxWorker } from './outbox-worker.service';
import { OutboxStore } from './outbox.store';

/**
 * A channel of a test's own, driven by the test: a delivery to a subject in `dead` waits until
 * released (an endpoint that never answers), any other is done at once. Records what is in
 * flight, overall and per subject, at its peak.
 */
class ScriptedHandler implements OutboxHandler {
  readonly channel = `test-${randomUUID()}`;
  readonly dead = new Set<string>();
  readonly done: ClaimedMessage[] = [];
  peak = 0;
  readonly peakOf = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly waiting: (() => void)[] = [];
  private count = 0;

  constructor(
    readonly parallel: number,
    readonly parallelPerSubject?: number,
  ) {}

  async handle(message: ClaimedMessage): Promise<void> {
    const subject = message.subjectId ?? '';
    this.count += 1;
    this.inFlight.set(subject, (this.inFlight.get(subject) ?? 0) + 1);
    this.peak = Math.max(this.peak, this.count);
    this.peakOf.set(subject, Math.max(this.peakOf.get(subject) ?? 0, this.inFlight.get(subject)!));
    if (this.dead.has(subject)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.count -= 1;
    this.inFlight.set(subject, this.inFlight.get(subject)! - 1);
    this.done.push(message);
  }

  /** Deliveries waiting for an answer right now. */
  get hanging(): number {
    return this.waiting.length;
  }

  doneTo(subject: string): number {
    return this.done.filter((message) => message.subjectId === subject).length;
  }

  /** The dead subjects answer: those waiting now, and any delivery from now on. */
  revive(): void {
    this.dead.clear();
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

jest.setTimeout(30_000);

describe(OutboxWorker.name, () => {
  let context: INestApplicationContext;
  let prisma: PrismaService;
  let store: OutboxStore;
  let config: AppConfig;

  beforeAll(async () => {
    context = await createStoreTestContext([OutboxStore], { OUTBOX_POLL_INTERVAL_MS: '50' });
    prisma = context.get(PrismaService);
    store = context.get(OutboxStore);
    config = context.get(AppConfig);
  });
  afterAll(() => context.close());

  const queue = async (handler: ScriptedHandler, subjectId: string | null, count: number) => {
    for (let n = 0; n < count; n += 1)
      await store.enqueue(prisma, { channel: handler.channel, kind: 'k', payload: {}, subjectId });
  };
  const rows = (handler: ScriptedHandler, subjectId?: string) =>
    prisma.outboxMessage.findMany({ where: { channel: handler.channel, subjectId } });

  it('keeps delivering to other subjects while one never answers, giving it at most parallelPerSubject slots', async () => {
    const handler = new ScriptedHandler(4, 2);
    const worker = new OutboxWorker(store, config, [handler]);
    const [dead, healthy] = [randomUUID(), randomUUID()];
    handler.dead.add(dead);
    await queue(handler, dead, 6);
    await queue(handler, healthy, 6);

    const drained = worker.drain();
    await until('the healthy subject has its 6', () => handler.doneTo(healthy) === 6);
    // Messages queued while the dead subject's deliveries hang go out too (the lane keeps polling).
    await queue(handler, healthy, 3);
    await until('the healthy subject has its 9', () => handler.doneTo(healthy) === 9);
    expect(handler.hanging).toBe(2);
    expect(handler.doneTo(dead)).toBe(0);
    // Claimed only when a slot was free for them: none waits, leased, behind a hanging one.
    const waiting = await rows(handler, dead);
    expect(waiting.filter((row) => row.claimedBy !== null)).toHaveLength(2);
    expect(waiting.filter((row) => row.claimedBy === null && row.attempts === 0)).toHaveLength(4);

    handler.revive();
    await drained;
    expect(handler.doneTo(dead)).toBe(6);
    expect(handler.peakOf.get(dead)).toBe(2);
    expect(handler.peak).toBeLessThanOrEqual(4);
    const all = await rows(handler);
    expect(all).toHaveLength(15);
    expect(all.every((row) => row.state === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('fills every slot with messages of no subject or of subjects under their limit', async () => {
    const handler = new ScriptedHandler(4, 2);
    const worker = new OutboxWorker(store, config, [handler]);
    const [a, b] = [randomUUID(), randomUUID()];
    handler.dead.add(a).add(b).add('');
    await queue(handler, a, 3);
    await queue(handler, b, 3);
    await queue(handler, null, 3);

    const drained = worker.drain();
    await until('every slot is taken', () => handler.hanging === 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handler.hanging).toBe(4);
    expect((await rows(handler)).filter((row) => row.claimedBy !== null)).toHaveLength(4);
    handler.revive();
    await drained;
    expect(handler.done).toHaveLength(9);
    expect(handler.peak).toBe(4);
    expect(handler.peakOf.get(a)).toBeLessThanOrEqual(2);
    expect(handler.peakOf.get(b)).toBeLessThanOrEqual(2);
  });

  it('claims no more than its free slots: with parallel 1 the next message stays unclaimed behind a slow one', async () => {
    const handler = new ScriptedHandler(1);
    const worker = new OutboxWorker(store, config, [handler]);
    handler.dead.add('');
    await queue(handler, null, 3);

    const drained = worker.drain();
    await until('one delivery hangs', () => handler.hanging === 1);
    const claimed = (await rows(handler)).filter((row) => row.claimedBy !== null);
    expect(claimed).toHaveLength(1);
    handler.revive();
    await drained;
    expect(handler.done).toHaveLength(3);
    expect(handler.peak).toBe(1);
  });

  it('on shutdown stops claiming and waits for the deliveries in flight, leaving the rest due', async () => {
    const handler = new ScriptedHandler(4, 2);
    const worker = new OutboxWorker(store, config, [handler]);
    const dead = randomUUID();
    handler.dead.add(dead);
    await queue(handler, dead, 5);

    const drained = worker.drain();
    await until('two deliveries hang', () => handler.hanging === 2);
    let stopped = false;
    const stopping = worker.onModuleDestroy().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    handler.revive();
    await stopping;
    await drained;
    expect(handler.done).toHaveLength(2);
    const left = await rows(handler, dead);
    expect(left.filter((row) => row.state === 'sent')).toHaveLength(2);
    expect(
      left.filter((row) => row.state === 'pending' && row.attempts === 0 && row.claimedBy === null),
    ).toHaveLength(3);
  });
});

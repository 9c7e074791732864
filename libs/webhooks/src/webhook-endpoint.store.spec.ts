import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { OutboxStore } from '@parley/outbox';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { WebhookEndpointStore } from './webhook-endpoint.store';

describe(WebhookEndpointStore.name, () => {
  let context: INestApplicationContext;
  let store: WebhookEndpointStore;
  let outbox: OutboxStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;
  const created: string[] = [];

  beforeAll(async () => {
    context = await createStoreTestContext([WebhookEndpointStore, OutboxStore]);
    store = context.get(WebhookEndpointStore);
    outbox = context.get(OutboxStore);
    transactions = context.get(TransactionRunner);
    prisma = context.get(PrismaService);
  });
  afterAll(async () => {
    await prisma.outboxMessage.deleteMany({ where: { subjectId: { in: created } } });
    await prisma.webhookEndpoint.deleteMany({ where: { id: { in: created } } });
    await context.close();
  });

  async function endpoint(events: string[]) {
    const row = await transactions.run((tx) =>
      store.create(tx, { url: 'https://example.com/h', events, secret: 'whsec_AAAA' }),
    );
    created.push(row.id);
    return row;
  }

  it('queues one message per enabled endpoint subscribed to the type, in one statement', async () => {
    // A type of this test only, so that no other endpoint of the database listens.
    const type = `test.${randomUUID()}`;
    const [listening, disabled] = [await endpoint([type, 'x']), await endpoint([type])];
    await endpoint(['other']);
    await prisma.webhookEndpoint.update({
      where: { id: disabled.id },
      data: { disabledAt: new Date(), disabledReason: 'failing' },
    });
    const queued = await transactions.run((tx) =>
      outbox.enqueueForEach(
        tx,
        { channel: 'webhook', kind: type, payload: { body: '{}' } },
        store.subscribedSql(type),
      ),
    );
    expect(queued).toBe(1);
    const rows = await prisma.outboxMessage.findMany({ where: { kind: type } });
    expect(rows.map((row) => row.subjectId)).toEqual([listening.id]);
  });

  it('marks an endpoint failing from the first failed event, and disables it after the window', async () => {
    const { id } = await endpoint(['a']);
    const hourAgo = new Date(Date.now() - 3_600_000);
    expect(await store.markFailing(id, hourAgo, 7200, 'HTTP 500')).toBe(false);
    expect(await store.markFailing(id, new Date(), 7200, 'HTTP 500')).toBe(false);
    let row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ failingSince: hourAgo, disabledAt: null, disabledReason: null });

    await store.markHealthy(id);
    row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(row.failingSince).toBeNull();

    expect(await store.markFailing(id, hourAgo, 1800, 'HTTP 502')).toBe(true);
    row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ disabledReason: 'HTTP 502', disabledAt: expect.any(Date) });
    expect(await store.markFailing(id, hourAgo, 1800, 'again')).toBe(false);
  });

  it('lists a subject’s messages newest first by keyset, and forgets them with it', async () => {
    const { id } = await endpoint(['b']);
    for (let n = 0; n < 3; n += 1)
      await outbox.enqueue(prisma, {
        channel: 'webhook',
        kind: `k${n}`,
        payload: {},
        subjectId: id,
      });
    const [first, second] = [
      await outbox.listOfSubject('webhook', id, 2),
      await outbox.listOfSubject('webhook', id, 2),
    ];
    expect(first).toEqual(second);
    expect(first).toHaveLength(2);
    expect(first[0].createdAt.getTime()).toBeGreaterThanOrEqual(first[1].createdAt.getTime());
    const last = first[1];
    const rest = await outbox.listOfSubject('webhook', id, 2, { at: last.createdAt, id: last.id });
    expect(rest).toHaveLength(1);
    expect(new Set([...first, ...rest].map((row) => row.kind))).toEqual(
      new Set(['k0', 'k1', 'k2']),
    );
    expect(await outbox.listOfSubject('mail', id, 10)).toEqual([]);

    await transactions.run(async (tx) => {
      expect(await store.delete(tx, id)).toBe(true);
      expect(await outbox.forgetSubject(tx, id)).toBe(3);
    });
    expect(await transactions.run((tx) => store.delete(tx, id))).toBe(false);
  });

  it('refuses rows that break the table’s rules', async () => {
    const bad = [
      { url: 'https://example.com', events: [], secret: 'whsec_AAAA' },
      { url: 'https://example.com', events: ['a'], secret: 'plain' },
      { url: `https://example.com/${'a'.repeat(2048)}`, events: ['a'], secret: 'whsec_AAAA' },
    ];
    for (const data of bad) await expect(prisma.webhookEndpoint.create({ data })).rejects.toThrow();
  });
});

import { PrismaService, TransactionRunner } from '@parley/database';
import { OutboxWorker } from '@parley/outbox';
import { PARALLEL_DELIVERIES_PER_ENDPOINT, WebhookEvents } from '@parley/webhooks';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { registerPostingReader } from '../support/mail';
import { waitUntil } from '../support/poll';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';
import { Received, verify, WebhookReceiver } from './receiver';

jest.setTimeout(60_000);

const BASE = '/api/v1/admin/webhooks';
/** Deliveries to the local receiver, promptly polled and retried. */
const ENV = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  OUTBOX_POLL_INTERVAL_MS: '50',
  OUTBOX_RETRY_BASE_SECONDS: '1',
};

describe('webhook delivery', () => {
  let t: TestApp;
  let admin: TestAccount;
  let receiver: WebhookReceiver;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp(ENV);
    admin = await registerStaff(t, 'admin');
  });
  beforeEach(async () => {
    receiver = new WebhookReceiver();
    url = await receiver.start();
  });
  afterEach(async () => {
    await t.app.get(PrismaService).webhookEndpoint.deleteMany();
    await receiver.stop();
  });
  afterAll(() => t.close());

  async function register(
    events = ['comment.created'],
    app = t,
    target = url,
  ): Promise<{ id: string; secret: string }> {
    return (await app.http().post(BASE).set(admin.auth).send({ url: target, events }).expect(201))
      .body;
  }

  const deliveries = async (id: string) =>
    (await t.http().get(`${BASE}/${id}/deliveries`).set(admin.auth).expect(200)).body.items;

  const header = (received: Received, name: string) => String(received.headers[name]);

  it('delivers a signed event that the standardwebhooks library verifies', async () => {
    const endpoint = await register();
    const reader = await registerPostingReader(t, admin);
    const articleId = await createArticle(t, admin);
    const comment = await postComment(t, reader, articleId, 'Signed and delivered');
    const [received] = await receiver.waitFor('comment.created', { commentId: comment.id });
    const event = verify(endpoint.secret, received);
    expect(event).toEqual({
      type: 'comment.created',
      id: header(received, 'webhook-id'),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        commentId: comment.id,
        articleId,
        parentId: null,
        authorId: reader.id,
        status: 'visible',
      },
    });
    expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(received.headers['content-type']).toBe('application/json');
    expect(
      Math.abs(Number(header(received, 'webhook-timestamp')) - Date.now() / 1000),
    ).toBeLessThan(30);
    expect(() => verify(endpoint.secret, { ...received, body: `${received.body} ` })).toThrow();
    expect(received.body).not.toContain('Signed and delivered');

    await waitUntil(async () => (await deliveries(endpoint.id))[0]?.status === 'sent');
    expect((await deliveries(endpoint.id))[0]).toMatchObject({
      event: 'comment.created',
      eventId: event.id,
      status: 'sent',
      attempts: 1,
      lastError: null,
      nextAttemptAt: null,
    });
  });

  it('retries a 500 with the same webhook-id, and logs the failure until it succeeds', async () => {
    const endpoint = await register();
    receiver.answer(500);
    const reader = await registerPostingReader(t, admin);
    const comment = await postComment(t, reader, await createArticle(t, admin));
    const [first] = await receiver.waitFor('comment.created', { commentId: comment.id });
    await waitUntil(async () => (await deliveries(endpoint.id))[0]?.lastError === 'HTTP 500');
    const [pending] = await deliveries(endpoint.id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Date.parse(pending.nextAttemptAt)).toBeGreaterThan(Date.now() - 5_000);

    const [, second] = await receiver.waitFor('comment.created', { commentId: comment.id }, 2);
    expect(header(second, 'webhook-id')).toBe(header(first, 'webhook-id'));
    expect(second.body).toBe(first.body);
    expect(verify(endpoint.secret, second).id).toBe(header(first, 'webhook-id'));
    await waitUntil(async () => (await deliveries(endpoint.id))[0]?.status === 'sent');
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ attempts: 2, lastError: null });
    const [row] = (await t.http().get(BASE).set(admin.auth)).body.items;
    expect(row).toMatchObject({ enabled: true, failingSince: null });
  });

  it('never lets a receiver that does not answer slow posting or the mail', async () => {
    const endpoint = await register();
    receiver.otherwise = 'hang';
    const reader = await registerPostingReader(t, admin);
    const articleId = await createArticle(t, admin);
    for (let n = 0; n < 3; n += 1) {
      const started = Date.now();
      await postComment(t, reader, articleId);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    await waitUntil(
      async () => receiver.events('comment.created').length >= PARALLEL_DELIVERIES_PER_ENDPOINT,
    );
    // Two deliveries hang now (the endpoint's cap; the third waits for a slot of its own); mail
    // queued meanwhile still goes out.
    const other = await registerAccount(t, {}, { verified: false });
    const prisma = t.app.get(PrismaService);
    await waitUntil(async () => {
      const mail = await prisma.outboxMessage.findFirst({
        where: { userId: other.id, kind: 'verify-email' },
      });
      return mail?.state === 'sent';
    }, 5_000);
    const started = Date.now();
    await postComment(t, reader, articleId);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The hanging attempts end at the 10 s timeout and are retried.
    await waitUntil(
      async () =>
        (await deliveries(endpoint.id)).some(
          (delivery: { lastError: string | null }) =>
            delivery.lastError === 'no answer within 10 s',
        ),
      25_000,
    );
  });

  it('delivers to a healthy endpoint without waiting for one that never answers, which holds at most its 2 slots', async () => {
    // Queued by an instance without a worker, so that all 24 deliveries are due when one starts.
    const quiet = await createTestApp({ ...ENV, OUTBOX_WORKER: 'false' });
    await t.close();
    try {
      receiver.paths.set('/hooks/slow', 'hang');
      await register(['comment.created'], quiet, `${url}/ok`);
      const slow = await register(['comment.created'], quiet, `${url}/slow`);
      const reader = await registerPostingReader(quiet, admin);
      const articleId = await createArticle(quiet, admin);
      for (let n = 0; n < 12; n += 1) await postComment(quiet, reader, articleId);

      const draining = quiet.app.get(OutboxWorker).drain();
      await waitUntil(async () => receiver.at('/hooks/ok').length >= 12, 40_000);
      // All 12 arrived before the dead endpoint's first attempts gave up (10 s): none waited for
      // them. (A batch barrier sent them 10 s apart, a batch at a time.)
      const slowLog = await quiet.http().get(`${BASE}/${slow.id}/deliveries`).set(admin.auth);
      expect(slowLog.body.items).toHaveLength(12);
      expect(
        slowLog.body.items.filter((item: { lastError: string | null }) => item.lastError),
      ).toEqual([]);
      expect(receiver.at('/hooks/slow').length).toBeGreaterThanOrEqual(1);
      expect(receiver.peakHanging).toBeLessThanOrEqual(PARALLEL_DELIVERIES_PER_ENDPOINT);
      expect(new Set(receiver.at('/hooks/ok').map((r) => header(r, 'webhook-id'))).size).toBe(12);

      // Deleting the dead endpoint drops its waiting deliveries; the hanging two end at once.
      await quiet.http().delete(`${BASE}/${slow.id}`).set(admin.auth).expect(204);
      await receiver.stop();
      await draining;
    } finally {
      await quiet.close();
      t = await createTestApp(ENV);
    }
  });

  it('sends nothing for a change that rolled back', async () => {
    const endpoint = await register(['user.banned']);
    const marker = `rolled-back-${Date.now()}`;
    await expect(
      t.app.get(TransactionRunner).run(async (tx) => {
        await t.app.get(WebhookEvents).record(tx, 'user.banned', { userId: marker });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await t.app
      .get(TransactionRunner)
      .run((tx) =>
        t.app.get(WebhookEvents).record(tx, 'user.banned', { userId: `${marker}-kept` }),
      );
    await receiver.waitFor('user.banned', { userId: `${marker}-kept` });
    await t.app.get(OutboxWorker).drain();
    expect(receiver.events('user.banned', { userId: marker })).toHaveLength(0);
    expect(await deliveries(endpoint.id)).toHaveLength(1);
  });

  it('drops the waiting deliveries of a deleted endpoint', async () => {
    const quiet = await createTestApp({ ...ENV, OUTBOX_WORKER: 'false' });
    await t.close();
    try {
      const endpoint = await register(['user.unbanned'], quiet);
      await quiet.app
        .get(TransactionRunner)
        .run((tx) => quiet.app.get(WebhookEvents).record(tx, 'user.unbanned', { userId: 'x' }));
      const log = await quiet.http().get(`${BASE}/${endpoint.id}/deliveries`).set(admin.auth);
      expect(log.body.items).toMatchObject([{ status: 'pending', attempts: 0 }]);
      await quiet.http().delete(`${BASE}/${endpoint.id}`).set(admin.auth).expect(204);
      const prisma = quiet.app.get(PrismaService);
      expect(await prisma.outboxMessage.count({ where: { subjectId: endpoint.id } })).toBe(0);
      await quiet.app.get(OutboxWorker).drain();
      expect(receiver.received).toHaveLength(0);
    } finally {
      await quiet.close();
      t = await createTestApp(ENV);
    }
  });

  it('checks the target again at delivery: an instance without the variable refuses it', async () => {
    const strict = await createTestApp({ ...ENV, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
    const quiet = await createTestApp({ ...ENV, OUTBOX_WORKER: 'false' });
    await t.close();
    try {
      const endpoint = await register(['user.unbanned'], quiet);
      const byName = url.replace('http://127.0.0.1', 'https://localhost');
      const named = await quiet
        .http()
        .post(BASE)
        .set(admin.auth)
        .send({ url: byName, events: ['user.unbanned'] })
        .expect(201);
      await quiet.app
        .get(TransactionRunner)
        .run((tx) => quiet.app.get(WebhookEvents).record(tx, 'user.unbanned', { userId: 'y' }));
      const log = async (id: string) =>
        (await quiet.http().get(`${BASE}/${id}/deliveries`).set(admin.auth).expect(200)).body
          .items[0];
      await waitUntil(async () => (await log(endpoint.id))?.lastError !== null);
      await waitUntil(async () => (await log(named.body.id))?.lastError !== null);
      expect(await log(endpoint.id)).toMatchObject({
        status: 'pending',
        lastError: 'must be an https: URL',
      });
      expect((await log(named.body.id)).lastError).toMatch(
        /^localhost resolves to (127\.0\.0\.1|::1) \(loopback\)$/,
      );
      expect(receiver.received).toHaveLength(0);
    } finally {
      await strict.close();
      await quiet.close();
      t = await createTestApp(ENV);
    }
  });

  it('delivers each event once with two instances on one database', async () => {
    const second = await createTestApp(ENV);
    try {
      const endpoint = await register();
      const reader = await registerPostingReader(t, admin);
      const articleId = await createArticle(t, admin);
      const posted = await Promise.all(
        Array.from({ length: 12 }, (_, n) => postComment(n % 2 ? second : t, reader, articleId)),
      );
      await waitUntil(async () => receiver.events('comment.created').length >= 12);
      await Promise.all([t.app.get(OutboxWorker).drain(), second.app.get(OutboxWorker).drain()]);
      const events = receiver.events('comment.created');
      expect(events).toHaveLength(12);
      expect(new Set(events.map((received) => received.event.data.commentId))).toEqual(
        new Set(posted.map((comment) => comment.id)),
      );
      expect(new Set(events.map((received) => header(received, 'webhook-id'))).size).toBe(12);
      for (const received of events) verify(endpoint.secret, received);
    } finally {
      await second.close();
    }
  });

  it('gives deliveries up after the retry window and disables an endpoint failing that long', async () => {
    const brief = await createTestApp({ ...ENV, WEBHOOK_RETRY_WINDOW_SECONDS: '3' });
    await t.close();
    try {
      receiver.otherwise = 503;
      const endpoint = await register(['user.unbanned'], brief);
      await brief.app
        .get(TransactionRunner)
        .run((tx) => brief.app.get(WebhookEvents).record(tx, 'user.unbanned', { userId: 'z' }));
      const list = async () =>
        (await brief.http().get(BASE).set(admin.auth).expect(200)).body.items[0];
      await waitUntil(async () => (await list()).enabled === false, 15_000);
      expect(await list()).toMatchObject({
        enabled: false,
        disabledAt: expect.any(String),
        disabledReason: expect.stringContaining('HTTP 503'),
        failingSince: expect.any(String),
      });
      const log = async () =>
        (await brief.http().get(`${BASE}/${endpoint.id}/deliveries`).set(admin.auth)).body.items;
      await waitUntil(async () => (await log())[0].status === 'failed');
      const [failed] = await log();
      expect(failed.attempts).toBeGreaterThanOrEqual(2);
      expect(failed).toMatchObject({
        nextAttemptAt: null,
        lastError: expect.stringContaining('503'),
      });
      const attempts = receiver.received.length;
      // A disabled endpoint is sent nothing more.
      await brief.app
        .get(TransactionRunner)
        .run((tx) => brief.app.get(WebhookEvents).record(tx, 'user.unbanned', { userId: 'z2' }));
      await brief.app.get(OutboxWorker).drain();
      expect(receiver.received).toHaveLength(attempts);
      expect(await log()).toHaveLength(1);
    } finally {
      await brief.close();
      t = await createTestApp(ENV);
    }
  });
});

import { PrismaService } from '@parley/database';
import { WEBHOOK_ENDPOINTS_MAX, WEBHOOK_URL_MAX } from '@parley/webhooks';
import { randomUUID } from 'node:crypto';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

const BASE = '/api/v1/admin/webhooks';
const EVENTS = ['comment.created', 'user.banned'];

describe('admin webhook endpoints', () => {
  let t: TestApp;
  let open: TestApp;
  let admin: TestAccount;

  beforeAll(async () => {
    t = await createTestApp({ OUTBOX_WORKER: 'false' });
    open = await createTestApp({ OUTBOX_WORKER: 'false', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    admin = await registerStaff(t, 'admin');
  });
  afterEach(() => t.app.get(PrismaService).webhookEndpoint.deleteMany());
  afterAll(async () => {
    await t.close();
    await open.close();
  });

  const create = (app: TestApp, body: unknown) =>
    app
      .http()
      .post(BASE)
      .set(admin.auth)
      .send(body as object);

  it('registers an endpoint: a whsec_ secret shown once, deduplicated events, audited', async () => {
    const res = await create(open, {
      url: 'http://127.0.0.1:9/hooks',
      events: ['comment.created', 'user.banned', 'comment.created'],
    }).expect(201);
    expect(res.body).toMatchObject({
      url: 'http://127.0.0.1:9/hooks',
      events: EVENTS,
      enabled: true,
      disabledAt: null,
      failingSince: null,
    });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await t.http().get(BASE).set(admin.auth).expect(200);
    const listed = list.body.items.find((item: { id: string }) => item.id === res.body.id);
    expect(listed).toMatchObject({ url: 'http://127.0.0.1:9/hooks', events: EVENTS });
    expect(JSON.stringify(list.body)).not.toContain('whsec_');

    await t.http().delete(`${BASE}/${res.body.id}`).set(admin.auth).expect(204);
    await t.http().delete(`${BASE}/${res.body.id}`).set(admin.auth).expect(404);
    const audit = await t.app.get(PrismaService).moderationAction.findMany({
      where: { targetType: 'webhook', targetId: res.body.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual([
      ['webhook.create', admin.id],
      ['webhook.delete', admin.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain('whsec_');
  });

  it('lets only admins in, on every route', async () => {
    const reader = await registerAccount(t);
    const moderator = await registerStaff(t, 'moderator');
    const id = randomUUID();
    const routes = [
      () => t.http().post(BASE).send({ url: 'https://example.com', events: EVENTS }),
      () => t.http().get(BASE),
      () => t.http().delete(`${BASE}/${id}`),
      () => t.http().get(`${BASE}/${id}/deliveries`),
    ];
    for (const route of routes) {
      expect((await route()).body.code).toBe('unauthenticated');
      expect((await route().set(reader.auth)).status).toBe(403);
      expect((await route().set(moderator.auth)).body).toMatchObject({
        statusCode: 403,
        code: 'forbidden',
      });
    }
  });

  it.each([
    ['no url', { events: EVENTS }],
    ['no events', { url: 'https://example.com/h' }],
    ['empty events', { url: 'https://example.com/h', events: [] }],
    ['an unknown event', { url: 'https://example.com/h', events: ['comment.created', 'x.y'] }],
    ['events not a list', { url: 'https://example.com/h', events: 'comment.created' }],
    ['a non-string event', { url: 'https://example.com/h', events: [7] }],
    ['a url not a string', { url: 42, events: EVENTS }],
    ['a url not a URL', { url: 'not a url', events: EVENTS }],
    ['an empty url', { url: '', events: EVENTS }],
    ['a long url', { url: `https://example.com/${'a'.repeat(WEBHOOK_URL_MAX)}`, events: EVENTS }],
    ['a NUL in the url', { url: 'https://example.com/\u0000', events: EVENTS }],
    ['credentials in the url', { url: 'https://user:pass@example.com/h', events: EVENTS }],
    ['an extra field', { url: 'https://example.com/h', events: EVENTS, secret: 'whsec_AAAA' }],
    ['too many events', { url: 'https://example.com/h', events: Array(51).fill('user.banned') }],
  ])('refuses %s with 400 validation_failed', async (_, body) => {
    const res = await create(open, body).expect(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it.each([
    ['http: without the variable', 'http://example.com/hooks'],
    ['a loopback address', 'https://127.0.0.1/hooks'],
    ['another loopback address', 'https://127.1.2.3:8443/hooks'],
    ['a private address', 'https://10.0.0.5/hooks'],
    ['a 192.168 address', 'https://192.168.1.10/hooks'],
    ['the metadata service (link-local)', 'https://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', 'https://[::1]/hooks'],
    ['IPv6 unique-local', 'https://[fc00::1]/hooks'],
    ['IPv6 unique-local (fd)', 'https://[fd00:abcd::1]/hooks'],
    ['IPv6 link-local', 'https://[fe80::1]/hooks'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hooks'],
    ['IPv4-translated loopback', 'https://[::ffff:0:7f00:1]/hooks'],
    ['a Teredo address', 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks'],
    ['the 6to4 relay anycast', 'https://192.88.99.1/hooks'],
    ['a carrier-grade NAT address', 'https://100.64.0.1/hooks'],
    ['the unspecified address', 'https://0.0.0.0/hooks'],
    ['a multicast address', 'https://224.0.0.1/hooks'],
    ['a name resolving to loopback', 'https://localhost/hooks'],
    ['a name that does not resolve', 'https://no-such-host.invalid/hooks'],
    ['ftp:', 'ftp://example.com/hooks'],
  ])('refuses %s at registration (SSRF)', async (_, url) => {
    const res = await create(t, { url, events: EVENTS }).expect(400);
    expect(res.body).toMatchObject({ code: 'validation_failed' });
    expect(res.body.details[0].field).toBe('url');
  });

  it('allows private targets and http: with WEBHOOK_ALLOW_PRIVATE_TARGETS=true', async () => {
    await create(open, { url: 'http://localhost:9/hooks', events: EVENTS }).expect(201);
    await create(open, { url: 'https://[::1]:9/hooks', events: EVENTS }).expect(201);
    await create(open, { url: 'https://[::ffff:0:7f00:1]:9/hooks', events: EVENTS }).expect(201);
    await create(open, { url: 'ftp://127.0.0.1/hooks', events: EVENTS }).expect(400);
  });

  it('answers 404 not_found for unknown and malformed ids', async () => {
    for (const id of [randomUUID(), 'nope', '1']) {
      expect((await t.http().delete(`${BASE}/${id}`).set(admin.auth)).body.code).toBe('not_found');
      const res = await t.http().get(`${BASE}/${id}/deliveries`).set(admin.auth).expect(404);
      expect(res.body.code).toBe('not_found');
    }
  });

  it('refuses bad delivery-log queries with 400', async () => {
    const { body } = await create(open, { url: 'http://127.0.0.1:9/h', events: EVENTS });
    const log = `${BASE}/${body.id}/deliveries`;
    await t.http().get(log).set(admin.auth).expect(200, { items: [], nextCursor: null });
    for (const query of ['limit=0', 'limit=101', 'limit=x', 'cursor=garbage', 'other=1']) {
      const res = await t.http().get(`${log}?${query}`).set(admin.auth).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it(`keeps at most ${WEBHOOK_ENDPOINTS_MAX} endpoints (409 conflict)`, async () => {
    await t.app.get(PrismaService).webhookEndpoint.createMany({
      data: Array.from({ length: WEBHOOK_ENDPOINTS_MAX }, () => ({
        url: 'https://example.com/h',
        events: EVENTS,
        secret: 'whsec_AAAA',
      })),
    });
    const res = await create(open, { url: 'http://127.0.0.1:9/h', events: EVENTS }).expect(409);
    expect(res.body.code).toBe('conflict');
  });
});

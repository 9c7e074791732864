import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseStripeForm } from './form-body';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
}

export interface FakePrice {
  id: string;
  name: string;
  amount: number;
  currency: string;
  interval: string;
}

export interface FakeSubscriptionInput {
  customerId: string;
  priceId?: string;
  status?: string;
  currentPeriodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  metadata?: Record<string, string>;
}

type Json = Record<string, unknown>;
interface Failure {
  method: string;
  pathPrefix: string;
  status: number;
  remaining: number;
}

const DAY = 86_400;

/**
 * A small Stripe API on 127.0.0.1 (random port), with only what StripeGateway calls: customers,
 * Checkout and portal sessions, subscriptions (retrieve, list, cancel) and prices. State is in
 * memory; every request is recorded, idempotency keys are honoured as Stripe does, and failures
 * can be injected per route.
 */
export class FakeStripeServer {
  readonly requests: RecordedRequest[] = [];
  readonly customers = new Map<string, Json>();
  readonly subscriptions = new Map<string, Json>();
  readonly checkoutSessions = new Map<string, Json>();
  private readonly prices = new Map<string, FakePrice>();
  private readonly idempotent = new Map<string, { status: number; body: Json }>();
  private failures: Failure[] = [];
  private server: Server | null = null;
  url = '';

  static async start(): Promise<FakeStripeServer> {
    const fake = new FakeStripeServer();
    await fake.listen();
    return fake;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  addPrice(price: FakePrice): void {
    this.prices.set(price.id, price);
  }

  /** Makes the next `count` requests (or all, with Infinity) matching method and path prefix fail. */
  fail(method: string, pathPrefix: string, status = 500, count = Infinity): void {
    this.failures.push({ method, pathPrefix, status, remaining: count });
  }

  clearFailures(): void {
    this.failures = [];
  }

  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  /** A customer made outside Parley's checkout (or whose row Parley lost). */
  createCustomer(metadata: Record<string, string> = {}): Json {
    return this.create(this.customers, 'cus', { object: 'customer', metadata, email: null });
  }

  createSubscription(input: FakeSubscriptionInput): Json {
    const now = Math.floor(Date.now() / 1000);
    const id = newId('sub');
    const subscription: Json = {
      id,
      object: 'subscription',
      customer: input.customerId,
      status: input.status ?? 'active',
      cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
      cancel_at: null,
      canceled_at: null,
      created: now,
      livemode: false,
      metadata: input.metadata ?? {},
      items: {
        object: 'list',
        data: [
          {
            id: newId('si'),
            object: 'subscription_item',
            current_period_start: now,
            current_period_end: input.currentPeriodEnd ?? now + 30 * DAY,
            price: { id: input.priceId ?? 'price_fake', object: 'price' },
          },
        ],
      },
    };
    this.subscriptions.set(id, subscription);
    return structuredClone(subscription);
  }

  /** Changes a subscription as Stripe would after a payment, a cancellation, a pause... */
  updateSubscription(
    id: string,
    patch: { status?: string; cancelAtPeriodEnd?: boolean; currentPeriodEnd?: number },
  ): Json {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new Error(`fake Stripe: no subscription ${id}`);
    if (patch.status !== undefined) subscription.status = patch.status;
    if (patch.cancelAtPeriodEnd !== undefined)
      subscription.cancel_at_period_end = patch.cancelAtPeriodEnd;
    if (patch.currentPeriodEnd !== undefined) {
      ((subscription.items as { data: Json[] }).data[0] as Json).current_period_end =
        patch.currentPeriodEnd;
    }
    return structuredClone(subscription);
  }

  subscription(id: string): Json {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new Error(`fake Stripe: no subscription ${id}`);
    return structuredClone(subscription);
  }

  /** The customer paid on the Checkout page: the session completes and its subscription exists. */
  completeCheckout(sessionId: string): { session: Json; subscription: Json } {
    const session = this.checkoutSessions.get(sessionId);
    if (!session) throw new Error(`fake Stripe: no checkout session ${sessionId}`);
    const lineItems = session.line_items as Record<string, { price: string }>;
    const subscriptionData = (session.subscription_data ?? {}) as {
      metadata?: Record<string, string>;
    };
    const subscription = this.createSubscription({
      customerId: String(session.customer),
      priceId: lineItems['0']?.price,
      metadata: subscriptionData.metadata,
    });
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      subscription: subscription.id,
    });
    return { session: structuredClone(session), subscription };
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) =>
        send(res, 500, stripeError('api_error', String(error))),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = await readBody(req);
    const method = req.method ?? 'GET';
    const idempotencyKey = header(req, 'idempotency-key');
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: parseStripeForm(url.search.slice(1)),
      body: parseStripeForm(text),
      idempotencyKey,
    };
    this.requests.push(recorded);
    const failure = this.failures.find(
      (f) => f.method === method && url.pathname.startsWith(f.pathPrefix) && f.remaining > 0,
    );
    if (failure) {
      failure.remaining -= 1;
      return send(res, failure.status, stripeError('api_error', 'Injected failure'));
    }
    const cacheKey =
      idempotencyKey && method === 'POST' ? `${url.pathname} ${idempotencyKey}` : null;
    const cached = cacheKey ? this.idempotent.get(cacheKey) : undefined;
    if (cached) return send(res, cached.status, cached.body, { 'Idempotent-Replayed': 'true' });
    const [status, body] = this.route(method, url.pathname, recorded);
    if (cacheKey) this.idempotent.set(cacheKey, { status, body });
    send(res, status, body);
  }

  private route(method: string, path: string, request: RecordedRequest): [number, Json] {
    const parts = path.split('/').filter(Boolean);
    const [, resource, id, ...rest] = parts;
    const key = `${method} /${[resource, ...rest].join('/')}${id !== undefined ? ' :id' : ''}`;
    switch (key) {
      case 'POST /customers':
        return [
          200,
          this.create(this.customers, 'cus', {
            object: 'customer',
            metadata: request.body.metadata ?? {},
            email: request.body.email ?? null,
          }),
        ];
      case 'GET /customers':
        return [200, this.page(this.customers, '/v1/customers', request.query)];
      case 'GET /customers :id':
        return this.found(this.customers, id, 'customer');
      case 'POST /checkout :id':
        return id === 'sessions' ? [200, this.createCheckoutSession(request.body)] : notFound(path);
      case 'POST /billing_portal :id':
        return id === 'sessions'
          ? [
              200,
              {
                id: newId('bps'),
                object: 'billing_portal.session',
                customer: request.body.customer,
                return_url: request.body.return_url,
                url: `https://billing.stripe.test/p/session/${newId('test')}`,
              },
            ]
          : notFound(path);
      case 'GET /subscriptions':
        return [200, this.listSubscriptions(request.query)];
      case 'GET /subscriptions :id':
        return this.found(this.subscriptions, id, 'subscription');
      case 'DELETE /subscriptions :id':
        return this.cancel(id);
      case 'GET /prices :id':
        return this.price(id, request.query);
      default:
        return notFound(path);
    }
  }

  private create(store: Map<string, Json>, prefix: string, fields: Json): Json {
    const object = {
      id: newId(prefix),
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      ...fields,
    };
    store.set(object.id, object);
    return structuredClone(object);
  }

  private createCheckoutSession(body: Json): Json {
    if (!body.customer || !this.customers.has(String(body.customer)))
      return stripeError('invalid_request_error', 'No such customer', 'resource_missing');
    const session = this.create(this.checkoutSessions, 'cs_test', {
      object: 'checkout.session',
      status: 'open',
      subscription: null,
      ...body,
    });
    session.url = `https://checkout.stripe.test/c/pay/${session.id}`;
    this.checkoutSessions.set(String(session.id), { ...session });
    return session;
  }

  private found(store: Map<string, Json>, id: string, name: string): [number, Json] {
    const object = store.get(id);
    return object
      ? [200, structuredClone(object)]
      : [404, stripeError('invalid_request_error', `No such ${name}: '${id}'`, 'resource_missing')];
  }

  /** A list page as Stripe serves it: `limit` (default 10, at most 100) after `starting_after`. */
  private page(store: Map<string, Json>, url: string, query: Json): Json {
    const all = [...store.values()];
    const limit = Math.min(100, Math.max(1, Number(query.limit ?? 10)));
    const after = query.starting_after
      ? all.findIndex((o) => o.id === query.starting_after) + 1
      : 0;
    const data = all.slice(after, after + limit);
    return {
      object: 'list',
      url,
      has_more: after + limit < all.length,
      data: structuredClone(data),
    };
  }

  private listSubscriptions(query: Json): Json {
    const data = [...this.subscriptions.values()].filter(
      (s) => s.customer === query.customer && (query.status === 'all' || s.status !== 'canceled'),
    );
    return {
      object: 'list',
      url: '/v1/subscriptions',
      has_more: false,
      data: structuredClone(data),
    };
  }

  private cancel(id: string): [number, Json] {
    const subscription = this.subscriptions.get(id);
    if (!subscription)
      return [
        404,
        stripeError('invalid_request_error', `No such subscription: '${id}'`, 'resource_missing'),
      ];
    Object.assign(subscription, {
      status: 'canceled',
      cancel_at_period_end: false,
      canceled_at: Math.floor(Date.now() / 1000),
    });
    return [200, structuredClone(subscription)];
  }

  private price(id: string, query: Json): [number, Json] {
    const price = this.prices.get(id);
    if (!price)
      return [
        404,
        stripeError('invalid_request_error', `No such price: '${id}'`, 'resource_missing'),
      ];
    const expand = Object.values((query.expand ?? {}) as Json);
    const product = { id: `prod_${id}`, object: 'product', name: price.name };
    return [
      200,
      {
        id,
        object: 'price',
        unit_amount: price.amount,
        currency: price.currency,
        recurring: { interval: price.interval },
        nickname: null,
        product: expand.includes('product') ? product : product.id,
      },
    ];
  }
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function stripeError(type: string, message: string, code?: string): Json {
  return { error: { type, message, ...(code ? { code } : {}) } };
}

function notFound(path: string): [number, Json] {
  return [404, stripeError('invalid_request_error', `Unrecognized request URL (${path})`)];
}

function send(
  res: ServerResponse,
  status: number,
  body: Json,
  headers: Record<string, string> = {},
): void {
  const statusCode = 'error' in body && status < 400 ? 400 : status;
  res.writeHead(statusCode, {
    'Content-Type': 'application/json',
    'Request-Id': newId('req'),
    ...headers,
  });
  res.end(JSON.stringify(body));
}

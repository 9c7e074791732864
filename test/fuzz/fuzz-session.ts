import { PrismaService } from '@parley/database';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BillingKit, createBillingKit, MONTHLY, YEARLY } from '../support/billing';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import {
  Actor,
  Body,
  FuzzRequest,
  OpenApiDocument,
  Operation,
  operationsOf,
  PoolName,
  Ref,
} from './openapi-fuzzer';

export interface FuzzResponse {
  status: number;
  text: string;
}

const POOL_CAP = 300;

/**
 * The app on a real port with fake Stripe, a reader, a subscriber (paying through the fake
 * Stripe), a moderator and an admin, some articles, comments, reports and replies, and the pools
 * of ids the generated requests pick from. Accounts the fuzzer may sanction, promote or log out
 * are separate targets: the actors stay usable for the whole run.
 */
export class FuzzSession {
  readonly pools: Record<PoolName, string[]> = {
    comment: [],
    article: [],
    user: [],
    refreshToken: [],
    cursor: [],
    priceId: [MONTHLY, YEARLY, 'price_unknown'],
  };
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  private constructor(
    readonly kit: BillingKit,
    readonly port: number,
    readonly actors: Record<Exclude<Actor, 'anonymous'>, TestAccount>,
    readonly operations: Operation[],
  ) {}

  static async start(): Promise<FuzzSession> {
    const kit = await createBillingKit();
    try {
      return await FuzzSession.prepare(kit);
    } catch (error) {
      await kit.close();
      throw error;
    }
  }

  private static async prepare(kit: BillingKit): Promise<FuzzSession> {
    const t = kit.t;
    await t.app.listen(0, '127.0.0.1');
    const { port } = (t.app.getHttpServer() as http.Server).address() as AddressInfo;
    const [reader, subscriber, moderator, admin] = await Promise.all([
      registerAccount(t, { displayName: 'Fuzz Reader' }),
      registerAccount(t, { displayName: 'Fuzz Subscriber' }),
      registerStaff(t, 'moderator'),
      registerStaff(t, 'admin'),
    ]);
    await kit.subscribe(subscriber);
    const doc = (await t.http().get('/api/v1/docs-json').expect(200)).body as OpenApiDocument;
    const session = new FuzzSession(
      kit,
      port,
      { reader, subscriber, moderator, admin },
      operationsOf(doc, ['/api/v1/billing/webhook']),
    );
    await session.seed(moderator, subscriber);
    return session;
  }

  private async seed(moderator: TestAccount, subscriber: TestAccount): Promise<void> {
    const t = this.kit.t;
    const articles = [
      await createArticle(t, moderator),
      await createArticle(t, moderator, { moderation: 'pre' }),
      await createArticle(t, moderator, { url: 'https://news.example/a' }),
      await createArticle(t, moderator, { state: 'closed' }, `fuzz/closed-${randomUUID()}`),
    ];
    this.pools.article.push(...articles);
    for (const articleId of articles.slice(0, 3)) {
      const top = await postComment(t, subscriber, articleId, 'Top-level comment');
      const second = await postComment(t, moderator, articleId, 'Another comment');
      this.pools.comment.push(top.id, second.id);
      if (top.status === 'visible')
        this.pools.comment.push(
          (await postComment(t, subscriber, articleId, 'A reply', top.id)).id,
        );
      if (second.status !== 'visible') continue;
      await t
        .http()
        .post(`/api/v1/comments/${second.id}/reports`)
        .set(subscriber.auth)
        .send({ reason: 'spam' })
        .expect(201);
    }
    for (let i = 0; i < 3; i++) {
      const target = await registerAccount(t, { displayName: `Fuzz Target ${i}` });
      this.pools.user.push(target.id);
      this.pools.refreshToken.push(target.refreshToken);
    }
    this.pools.user.push(randomUUID());
    this.pools.comment.push(randomUUID());
    const page = await t
      .http()
      .get(`/api/v1/articles/${encodeURIComponent(articles[0])}/comments?limit=1&sort=top`)
      .expect(200);
    if (page.body.nextCursor) this.pools.cursor.push(page.body.nextCursor);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    // Generated requests change site-wide posting rules (the policy, banned words, pre-moderated
    // users); the specs that run after this one on the worker's database expect them off.
    const prisma = this.kit.t.app.get(PrismaService);
    await prisma.$transaction([
      prisma.postingPolicy.deleteMany({}),
      prisma.premoderatedUser.deleteMany({}),
      prisma.bannedWord.deleteMany({}),
    ]);
    await this.kit.close();
  }

  /** Sends one generated request; never rejects (a socket error or timeout is a status 0). */
  send(request: FuzzRequest): Promise<FuzzResponse> {
    const { method, path, body, headers } = this.build(request);
    return new Promise((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          // An event stream never ends by itself: its status and first event are the answer.
          if (String(res.headers['content-type']).startsWith('text/event-stream')) {
            res.once('data', (chunk: Buffer) => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, text: chunk.toString('utf8') });
            });
            res.on('error', () => undefined);
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            this.harvest(request.operation, res.statusCode ?? 0, text);
            resolve({ status: res.statusCode ?? 0, text });
          });
          res.on('error', (error) => resolve({ status: 0, text: String(error) }));
        },
      );
      req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
      req.on('error', (error) => resolve({ status: 0, text: String(error) }));
      req.end(body);
    });
  }

  /** The request as it goes on the wire (also what a failure report shows). */
  build(request: FuzzRequest): {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: Buffer;
  } {
    const { operation } = request;
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      pathSegment(this.resolve(request.pathParams[name])),
    );
    const query = request.query
      .map(([key, value]) => `${pathSegment(key)}=${pathSegment(this.resolve(value))}`)
      .join('&');
    const headers: Record<string, string> = { ...request.headers };
    const authorization =
      request.authorization ??
      (request.actor === 'anonymous' ? null : this.actors[request.actor].auth.Authorization);
    if (authorization !== null) headers.Authorization = authorization;
    const body = this.encodeBody(request.body);
    if (body) {
      headers['Content-Length'] = String(body.bytes.length);
      if (body.contentType) headers['Content-Type'] = body.contentType;
    }
    return {
      method: operation.method.toUpperCase(),
      path: query ? `${path}?${query}` : path,
      headers,
      body: body?.bytes,
    };
  }

  private encodeBody(body: Body): { bytes: Buffer; contentType: string | null } | null {
    if (body.kind === 'none') return null;
    if (body.kind === 'raw')
      return { bytes: Buffer.from(body.text), contentType: body.contentType };
    const text = JSON.stringify(this.resolveDeep(body.value)) ?? 'null';
    const utf16 = /utf-16le/.test(body.contentType);
    return {
      bytes: Buffer.from(text, utf16 ? 'utf16le' : 'utf8'),
      contentType: body.contentType,
    };
  }

  private resolve(value: unknown): string {
    const resolved = this.resolveDeep(value);
    if (typeof resolved === 'string') return resolved;
    if (Array.isArray(resolved)) return resolved.map((v) => this.resolve(v)).join(',');
    if (resolved === undefined) return '';
    return typeof resolved === 'object' ? JSON.stringify(resolved) : String(resolved);
  }

  private resolveDeep(value: unknown): unknown {
    if (value instanceof Ref) return this.pick(value);
    if (Array.isArray(value)) return value.map((v) => this.resolveDeep(v));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, this.resolveDeep(v)] as const),
      );
    return value;
  }

  private pick(ref: Ref): string {
    // Now and then an id nobody has used yet: a new article, an unknown comment or user.
    if (ref.index % 7 === 0) {
      if (ref.pool === 'article') return `fuzz-${ref.index}`;
      if (ref.pool === 'comment' || ref.pool === 'user') return randomUUID();
    }
    const pool = this.pools[ref.pool];
    return pool.length === 0 ? '' : pool[ref.index % pool.length];
  }

  /** Ids and tokens of what the run created, for later requests to use. */
  private harvest(operation: Operation, status: number, text: string): void {
    if (status < 200 || status >= 300 || !text.startsWith('{')) return;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    const add = (pool: PoolName, value: unknown) => {
      if (typeof value !== 'string' || this.pools[pool].includes(value)) return;
      this.pools[pool].push(value);
      if (this.pools[pool].length > POOL_CAP) this.pools[pool].splice(0, 1);
    };
    if (operation.path.endsWith('/comments') && operation.method === 'post')
      add('comment', body.id);
    if (operation.path === '/api/v1/articles/{articleId}' && operation.method === 'put')
      add('article', body.id);
    add('cursor', body.nextCursor);
    add('refreshToken', body.refreshToken);
  }
}

/** Percent-encodes a path segment or query part; sends short ASCII oddities (%zz, ..) as they are. */
function pathSegment(value: string): string {
  if (/^[A-Za-z0-9%._~:-]{1,20}$/.test(value)) return value;
  return [...Buffer.from(value)]
    .map((byte) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

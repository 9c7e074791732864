import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, SqlClient, Tx } from '@parley/database';
import type { WebhookEndpointRecord, WebhookEndpointWithSecret } from './webhook-endpoint';

/** Endpoints registered at most: a list an admin reads whole, and a bound on one event's fan-out. */
export const WEBHOOK_ENDPOINTS_MAX = 100;

const PUBLIC_FIELDS = {
  id: true,
  url: true,
  events: true,
  createdAt: true,
  failingSince: true,
  disabledAt: true,
  disabledReason: true,
} as const;

/**
 * The one class that reads and writes `webhook_endpoints`. The secret is read only with the
 * endpoint to deliver to (`findForDelivery`) and written only at creation. Recording an event
 * embeds `subscribedSql` in the outbox's INSERT … SELECT, so an event is one statement whatever
 * the number of endpoints. What each delivery does (`findForDelivery`, `markHealthy`,
 * `markFailing`) runs on SqlClient: delivering never starts Prisma's engine.
 */
@Injectable()
export class WebhookEndpointStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  async create(
    tx: Tx,
    endpoint: { url: string; events: string[]; secret: string },
  ): Promise<WebhookEndpointWithSecret> {
    return tx.webhookEndpoint.create({ data: endpoint });
  }

  /** How many endpoints exist, counted in `tx` (the creation's cap). */
  count(tx: Tx): Promise<number> {
    return tx.webhookEndpoint.count();
  }

  /** Every endpoint, oldest first, without secrets. */
  list(): Promise<WebhookEndpointRecord[]> {
    return this.prisma.webhookEndpoint.findMany({
      select: PUBLIC_FIELDS,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: WEBHOOK_ENDPOINTS_MAX,
    });
  }

  exists(id: string): Promise<boolean> {
    return this.prisma.webhookEndpoint.count({ where: { id } }).then((n) => n > 0);
  }

  async findForDelivery(id: string): Promise<WebhookEndpointWithSecret | null> {
    const [endpoint] = await this.sql.query<WebhookEndpointWithSecret>(Prisma.sql`
      SELECT id, url, events, secret, created_at AS "createdAt", failing_since AS "failingSince",
             disabled_at AS "disabledAt", disabled_reason AS "disabledReason"
      FROM webhook_endpoints WHERE id = ${id}::uuid`);
    return endpoint ?? null;
  }

  /** False when there was no such endpoint. */
  async delete(tx: Tx, id: string): Promise<boolean> {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id } });
    return count > 0;
  }

  /**
   * The enabled endpoints subscribed to `type` (one `id` column), as a statement fragment for
   * OutboxStore.enqueueForEach.
   */
  subscribedSql(type: string): Prisma.Sql {
    return Prisma.sql`
      SELECT id FROM webhook_endpoints WHERE disabled_at IS NULL AND ${type} = ANY(events)`;
  }

  /** A delivery succeeded: the endpoint is healthy again. */
  async markHealthy(id: string): Promise<void> {
    await this.sql.query(Prisma.sql`
      UPDATE webhook_endpoints SET failing_since = NULL
      WHERE id = ${id}::uuid AND failing_since IS NOT NULL`);
  }

  /**
   * A delivery of an event queued at `since` failed: the endpoint is failing since then unless it
   * already was, and disabled (with `reason`) once it has been failing for `windowSeconds`: the
   * last attempt of the first failed event (at the window's end) disables an endpoint that never
   * answered. One statement, so concurrent failures agree; true when this call disabled it.
   */
  async markFailing(
    id: string,
    since: Date,
    windowSeconds: number,
    reason: string,
  ): Promise<boolean> {
    const rows = await this.sql.query<{ disabled: boolean }>(Prisma.sql`
      UPDATE webhook_endpoints SET
        failing_since = COALESCE(failing_since, ${since}::timestamptz),
        disabled_at = CASE WHEN COALESCE(failing_since, ${since}::timestamptz)
          <= now() - make_interval(secs => ${windowSeconds}) THEN now() END,
        disabled_reason = CASE WHEN COALESCE(failing_since, ${since}::timestamptz)
          <= now() - make_interval(secs => ${windowSeconds}) THEN ${reason} END
      WHERE id = ${id}::uuid AND disabled_at IS NULL
      RETURNING disabled_at IS NOT NULL AS disabled`);
    return rows[0]?.disabled ?? false;
  }
}

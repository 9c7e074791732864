import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { decodeCursor, encodeCursor } from '@parley/cursor';
import { TransactionRunner } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import { OutboxStore } from '@parley/outbox';
import type { WebhookEndpointRecord, WebhookEndpointWithSecret } from './webhook-endpoint';
import { WEBHOOK_ENDPOINTS_MAX, WebhookEndpointStore } from './webhook-endpoint.store';
import { WEBHOOK_CHANNEL, WEBHOOK_EVENT_TYPES, WebhookEventType } from './webhook-event-types';
import { newWebhookSecret } from './webhook-signature';
import { WebhookTargetRefused } from './webhook-target';
import { WebhookTargets } from './webhook-targets.service';

/** One attempt series of one event to one endpoint, as the delivery log shows it. */
export interface WebhookDelivery {
  id: string;
  event: string;
  eventId: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  /** When the next attempt is due; null once sent or given up. */
  nextAttemptAt: Date | null;
  createdAt: Date;
}

/**
 * The admin's side of publisher webhooks: registering endpoints (URL checked against SSRF, a new
 * secret shown once), listing, deleting (with their waiting deliveries), and each endpoint's
 * delivery log. Registration and deletion are audited in their transactions.
 */
@Injectable()
export class WebhookEndpoints {
  constructor(
    private readonly store: WebhookEndpointStore,
    private readonly outbox: OutboxStore,
    private readonly targets: WebhookTargets,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLogStore,
  ) {}

  async register(
    actorId: string,
    input: { url: string; events: string[] },
  ): Promise<WebhookEndpointWithSecret> {
    const events = [...new Set(input.events)];
    const unknown = events.filter((e) => !WEBHOOK_EVENT_TYPES.includes(e as WebhookEventType));
    if (events.length === 0 || unknown.length > 0)
      throw validationFailed({
        field: 'events',
        message: `must list event types among ${WEBHOOK_EVENT_TYPES.join(', ')}`,
      });
    try {
      await this.targets.resolve(input.url);
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      throw validationFailed({ field: 'url', message: error.message }, 'Refused webhook URL');
    }
    return this.transactions.run(async (tx) => {
      if ((await this.store.count(tx)) >= WEBHOOK_ENDPOINTS_MAX)
        throw new DomainError('conflict', `At most ${WEBHOOK_ENDPOINTS_MAX} webhook endpoints`);
      const endpoint = await this.store.create(tx, {
        url: input.url,
        events,
        secret: newWebhookSecret(),
      });
      await this.audit.record(
        {
          actorId,
          action: 'webhook.create',
          target: { type: 'webhook', id: endpoint.id },
          metadata: { url: endpoint.url, events },
        },
        tx,
      );
      return endpoint;
    });
  }

  list(): Promise<WebhookEndpointRecord[]> {
    return this.store.list();
  }

  /** 404 not_found for an unknown id; waiting deliveries are dropped with the endpoint. */
  async remove(actorId: string, id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.store.delete(tx, id)))
        throw new DomainError('not_found', 'No such webhook endpoint');
      await this.outbox.forgetSubject(tx, id);
      await this.audit.record(
        { actorId, action: 'webhook.delete', target: { type: 'webhook', id } },
        tx,
      );
    });
  }

  /** The endpoint's deliveries, newest first, keyset-paginated. 404 not_found. */
  async deliveries(
    id: string,
    query: { cursor?: string; limit: number },
  ): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
    const after = query.cursor !== undefined ? decodeCursor('deliveries', query.cursor) : undefined;
    if (!(await this.store.exists(id)))
      throw new DomainError('not_found', 'No such webhook endpoint');
    const rows = await this.outbox.listOfSubject(WEBHOOK_CHANNEL, id, query.limit + 1, after);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return {
      items: rows.slice(0, query.limit).map((row) => ({
        id: row.id,
        event: row.kind,
        eventId: typeof row.payload.eventId === 'string' ? row.payload.eventId : null,
        status: row.state,
        attempts: row.attempts,
        lastError: row.lastError,
        nextAttemptAt: row.state === 'pending' ? row.nextAttemptAt : null,
        createdAt: row.createdAt,
      })),
      nextCursor: last ? encodeCursor('deliveries', { at: last.createdAt, id: last.id }) : null,
    };
  }
}

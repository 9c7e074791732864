import { Injectable } from '@nestjs/common';
import { Prisma, type Tx } from '@parley/database';
import { OutboxStore } from '@parley/outbox';
import { randomUUID } from 'node:crypto';
import { WEBHOOK_CHANNEL, WebhookEventType } from './webhook-event-types';
import { WebhookEndpointStore } from './webhook-endpoint.store';

/** An event's `data`: ids and the few plain fields the README documents per type. */
export type WebhookEventData = Record<string, string | number | boolean | null>;

/** What an outbox message of the webhook channel carries (the body is signed as stored). */
export interface WebhookDeliveryPayload {
  eventId: string;
  body: string;
}

/**
 * Records publisher webhook events. Every domain lib calls `record` in the transaction of the
 * change the event reports, so a delivery exists exactly when the change committed: one outbox
 * message per enabled endpoint subscribed to the type, written by one INSERT … SELECT (nothing
 * when no endpoint listens). The event id (`evt_…`) is the `webhook-id` of every attempt.
 */
@Injectable()
export class WebhookEvents {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly endpoints: WebhookEndpointStore,
  ) {}

  async record(tx: Tx, type: WebhookEventType, data: WebhookEventData): Promise<void> {
    await this.outbox.enqueueForEach(
      tx,
      this.message(type, data),
      this.endpoints.subscribedSql(type),
    );
  }

  /**
   * Records an event on its own, in one statement outside any transaction: for an event that
   * reports a change committed earlier (the `article.changed` digest), not a change being made.
   */
  async recordAlone(type: WebhookEventType, data: WebhookEventData): Promise<void> {
    await this.outbox.enqueueForEachAlone(
      this.message(type, data),
      this.endpoints.subscribedSql(type),
    );
  }

  /**
   * The same as a statement to embed in the change's own single statement (a data-modifying
   * CTE), recording the event only when `condition` holds there: a change that is one statement
   * then needs no transaction for its event.
   */
  recordSql(type: WebhookEventType, data: WebhookEventData, condition: Prisma.Sql): Prisma.Sql {
    return this.outbox.enqueueForEachSql(
      this.message(type, data),
      this.endpoints.subscribedSql(type),
      condition,
    );
  }

  private message(type: WebhookEventType, data: WebhookEventData) {
    const id = `evt_${randomUUID().replace(/-/g, '')}`;
    const body = JSON.stringify({ type, id, createdAt: new Date().toISOString(), data });
    const payload: WebhookDeliveryPayload = { eventId: id, body };
    return { channel: WEBHOOK_CHANNEL, kind: type, payload: { ...payload } };
  }
}

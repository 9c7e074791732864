import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { ClaimedMessage, OutboxHandler, PermanentDeliveryError } from '@parley/outbox';
import { WEBHOOK_CHANNEL } from './webhook-event-types';
import type { WebhookDeliveryPayload } from './webhook-events.service';
import { WebhookEndpointStore } from './webhook-endpoint.store';
import { WebhookSender } from './webhook-sender.service';
import { signWebhook } from './webhook-signature';
import { WebhookTargets } from './webhook-targets.service';

/** The contract's timeout of one attempt, name resolution included. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Deliveries in flight at once per instance (a pool: a slot that frees is filled at once). */
const PARALLEL_DELIVERIES = 10;
/**
 * Deliveries in flight at once per endpoint and instance: a slow or dead endpoint holds at most
 * this many of the PARALLEL_DELIVERIES slots, and the rest keep delivering to the others (its
 * further deliveries wait, unclaimed, until one of its own ends). Two rather than one, so that an
 * endpoint answering in 100 ms still takes about 20 deliveries a second from each instance; five
 * endpoints hanging at once would take every slot.
 */
export const PARALLEL_DELIVERIES_PER_ENDPOINT = 2;

/**
 * Delivers `webhook` outbox messages: checks the endpoint's URL again (SSRF, after resolution),
 * signs per Standard Webhooks with the endpoint's secret and a fresh timestamp, POSTs the stored
 * body. A 2xx is done; anything else (non-2xx, timeout, refused target) is retried with backoff
 * until WEBHOOK_RETRY_WINDOW_SECONDS after the event. An endpoint failing for that long without
 * one success is disabled, and its waiting deliveries are given up.
 */
@Injectable()
export class WebhookDeliveryHandler implements OutboxHandler {
  readonly channel = WEBHOOK_CHANNEL;
  readonly parallel = PARALLEL_DELIVERIES;
  readonly parallelPerSubject = PARALLEL_DELIVERIES_PER_ENDPOINT;
  readonly retryWindowSeconds: number;
  private readonly logger = new Logger(WebhookDeliveryHandler.name);

  constructor(
    private readonly endpoints: WebhookEndpointStore,
    private readonly targets: WebhookTargets,
    private readonly sender: WebhookSender,
    config: AppConfig,
  ) {
    this.retryWindowSeconds = config.values.WEBHOOK_RETRY_WINDOW_SECONDS;
  }

  async handle(message: ClaimedMessage): Promise<void> {
    const { eventId, body } = message.payload as Partial<WebhookDeliveryPayload>;
    if (typeof eventId !== 'string' || typeof body !== 'string')
      throw new PermanentDeliveryError('webhook payload without an event');
    const endpoint = message.subjectId
      ? await this.endpoints.findForDelivery(message.subjectId)
      : null;
    if (!endpoint) throw new PermanentDeliveryError('endpoint deleted');
    if (endpoint.disabledAt)
      throw new PermanentDeliveryError(`endpoint disabled: ${endpoint.disabledReason}`);
    try {
      await this.attempt(endpoint.url, endpoint.secret, eventId, body);
    } catch (error) {
      const reason = (error as Error).message;
      const disabled = await this.endpoints.markFailing(
        endpoint.id,
        message.createdAt,
        this.retryWindowSeconds,
        `failing for ${this.retryWindowSeconds} s, last: ${reason}`,
      );
      if (!disabled) throw error;
      this.logger.warn(`Webhook endpoint ${endpoint.id} disabled: failing for the whole window`);
      throw new PermanentDeliveryError(`${reason} (endpoint disabled)`);
    }
    await this.endpoints.markHealthy(endpoint.id);
  }

  private async attempt(url: string, secret: string, id: string, body: string): Promise<void> {
    const signal = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
    const timedOut = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () =>
        reject(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)),
      ),
    );
    timedOut.catch(() => undefined);
    const target = await Promise.race([this.targets.resolve(url), timedOut]);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Parley-Webhooks/1',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, id, timestamp, body),
    };
    const status = await Promise.race([
      this.sender.post(target, headers, body, signal),
      timedOut,
    ]).catch((error: Error) => {
      throw signal.aborted ? new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`) : error;
    });
    if (status < 200 || status > 299) throw new Error(`HTTP ${status}`);
  }
}

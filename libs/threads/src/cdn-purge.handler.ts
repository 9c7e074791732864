import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { ClaimedMessage, OutboxHandler, PermanentDeliveryError } from '@parley/outbox';
import { CDN_PURGE_CHANNEL } from './article-change-notices.service';

/** One purge call, name resolution included. */
const PURGE_TIMEOUT_MS = 10_000;
/** Purges in flight at once per instance (one per article key, each an independent call). */
const PARALLEL_PURGES = 4;

/**
 * Calls CDN_PURGE_URL for a `cdn-purge` outbox message: `{key}` in the URL is replaced by the
 * article's key, URL-encoded once more (Fastly's `/purge/{key}`); a URL without `{key}` gets it
 * as the JSON body `{"tags":[key]}` (Cloudflare's purge by Cache-Tag). A 2xx is done; a timeout,
 * a 5xx, 408 or 429 is retried with the outbox's backoff; any other answer (a rejected token, a
 * wrong URL) is given up at once, since retrying cannot fix it.
 */
@Injectable()
export class CdnPurgeHandler implements OutboxHandler {
  readonly channel = CDN_PURGE_CHANNEL;
  readonly parallel = PARALLEL_PURGES;
  private readonly template: string | undefined;
  private readonly method: string;
  private readonly headers: Record<string, string>;

  constructor({ values }: AppConfig) {
    this.template = values.CDN_PURGE_URL;
    this.method = values.CDN_PURGE_METHOD;
    this.headers = values.CDN_PURGE_HEADERS ?? {};
  }

  async handle(message: ClaimedMessage): Promise<void> {
    const key = message.payload.key;
    if (typeof key !== 'string') throw new PermanentDeliveryError('purge without a key');
    // Unset since the message was queued: nothing to purge.
    if (!this.template) return;
    const inUrl = this.template.includes('{key}');
    const response = await fetch(
      inUrl ? this.template.replaceAll('{key}', encodeURIComponent(key)) : this.template,
      {
        method: this.method,
        headers: inUrl ? this.headers : { ...this.headers, 'content-type': 'application/json' },
        body: inUrl ? undefined : JSON.stringify({ tags: [key] }),
        redirect: 'manual',
        signal: AbortSignal.timeout(PURGE_TIMEOUT_MS),
      },
    );
    await response.body?.cancel();
    if (response.ok) return;
    const retried = response.status >= 500 || response.status === 408 || response.status === 429;
    const problem = `CDN purge answered ${response.status}`;
    throw retried ? new Error(problem) : new PermanentDeliveryError(problem);
  }
}

import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { refusalOf } from './target-address';
import { WEBHOOK_URL_MAX } from './webhook-event-types';
import { WebhookTarget, WebhookTargetRefused } from './webhook-target';

/** A resolver that does not answer within this long refuses the target (registration or attempt). */
const DNS_TIMEOUT_MS = 5_000;

/**
 * Server-side request forgery guard: resolves an endpoint URL and refuses what must not receive
 * webhooks, at registration and again before every attempt. `https:` only; every address the
 * name resolves to must be public (one private answer refuses the lot, so a name cannot mix a
 * public address for the check with a private one for the connection); the delivery then
 * connects to the address checked here, never resolving the name again (no DNS rebinding).
 * WEBHOOK_ALLOW_PRIVATE_TARGETS=true lifts the address rule and allows `http:`.
 */
@Injectable()
export class WebhookTargets {
  constructor(private readonly config: AppConfig) {}

  async resolve(raw: string): Promise<WebhookTarget> {
    const url = this.parse(raw);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const answers = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await withTimeout(lookup(host, { all: true, verbatim: true }), host);
    if (answers.length === 0) throw new WebhookTargetRefused(`${host} does not resolve`);
    if (!this.config.values.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
      for (const { address } of answers) {
        const refusal = refusalOf(address);
        if (refusal) throw new WebhookTargetRefused(`${host} resolves to ${address} (${refusal})`);
      }
    }
    const [first] = answers;
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  /** The URL rules that need no resolution: length, scheme, no credentials. */
  parse(raw: string): URL {
    if (raw.length > WEBHOOK_URL_MAX)
      throw new WebhookTargetRefused(`is longer than ${WEBHOOK_URL_MAX} characters`);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookTargetRefused('is not a URL');
    }
    const schemes = this.config.values.WEBHOOK_ALLOW_PRIVATE_TARGETS
      ? ['https:', 'http:']
      : ['https:'];
    if (!schemes.includes(url.protocol))
      throw new WebhookTargetRefused(`must be an ${schemes.join(' or ')} URL`);
    if (url.username || url.password) throw new WebhookTargetRefused('must not carry credentials');
    if (url.hostname === '') throw new WebhookTargetRefused('has no host');
    return url;
  }
}

async function withTimeout<T>(work: Promise<T>, host: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WebhookTargetRefused(`${host} did not resolve in time`)),
      DNS_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    if (error instanceof WebhookTargetRefused) throw error;
    throw new WebhookTargetRefused(`${host} does not resolve`);
  } finally {
    clearTimeout(timer);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { TransactionRunner } from '@parley/database';
import { OutboxStore } from '@parley/outbox';

/** The outbox channel of CDN purges (one message per article key, see CdnPurgeHandler). */
export const CDN_PURGE_CHANNEL = 'cdn-purge';
/** The outbox channel that turns a change into the `article.changed` webhook event. */
export const ARTICLE_CHANGED_CHANNEL = 'article-changed';

/**
 * A purge waits this long: the version bump that makes the instances rebuild their cached pages
 * runs after the commit too, and a CDN refilling before it would fetch the old page again. The
 * wait also folds a burst of changes into one purge (the message is pending meanwhile).
 */
const PURGE_DELAY_MS = 1000;

/**
 * The surrogate key (Fastly `Surrogate-Key`, Cloudflare `Cache-Tag`) of an article's answers:
 * `article-` and the id URL-encoded, so that `/` and `:` (allowed in ids) become `%2F`/`%3A` and
 * a key never holds a space, a comma or a slash, which the CDNs use as separators.
 */
export function articleCacheKey(articleId: string): string {
  return `article-${encodeURIComponent(articleId)}`;
}

/**
 * What an article's change asks of the world outside once committed: a CDN purge of its key
 * (with CDN_PURGE_URL) and the `article.changed` webhook event, both queued in the durable outbox
 * (retried, off the request path) and folded per article by their dedupe keys: a change while
 * one is waiting joins it; the webhook event is also spaced ARTICLE_CHANGED_INTERVAL_SECONDS
 * after the article's previous one.
 */
@Injectable()
export class ArticleChangeNotices {
  private readonly logger = new Logger(ArticleChangeNotices.name);
  private readonly purging: boolean;
  private readonly intervalSeconds: number;

  constructor(
    { values }: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxStore,
  ) {
    this.purging = values.CDN_PURGE_URL !== undefined;
    this.intervalSeconds = values.ARTICLE_CHANGED_INTERVAL_SECONDS;
  }

  /** Call after the change has committed (and its version was bumped). Never throws. */
  async changed(articleIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(articleIds)];
    if (ids.length === 0) return;
    try {
      await this.transactions.run(async (tx) => {
        for (const articleId of ids) {
          const key = articleCacheKey(articleId);
          if (this.purging)
            await this.outbox.enqueue(tx, {
              channel: CDN_PURGE_CHANNEL,
              kind: 'purge',
              payload: { key },
              dedupeKey: `${CDN_PURGE_CHANNEL}:${key}`,
              notBefore: new Date(Date.now() + PURGE_DELAY_MS),
            });
          await this.outbox.enqueue(tx, {
            channel: ARTICLE_CHANGED_CHANNEL,
            kind: 'article.changed',
            payload: { articleId },
            dedupeKey: `${ARTICLE_CHANGED_CHANNEL}:${key}`,
            spacingSeconds: this.intervalSeconds,
          });
        }
      });
    } catch (error) {
      // The change is committed and answered; CDNs then serve it after their max-age instead.
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error), articles: ids.length },
        'Article change notices not queued',
      );
    }
  }
}

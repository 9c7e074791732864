import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { type NewOutboxMessage, OutboxStore } from '@parley/outbox';
import { PendingNotices } from './pending-notices';

/** The outbox channel of CDN purges (one message per article key, see CdnPurgeHandler). */
export const CDN_PURGE_CHANNEL = 'cdn-purge';
/** The outbox channel that turns a change into the `article.changed` webhook event. */
export const ARTICLE_CHANGED_CHANNEL = 'article-changed';

/**
 * A notice waits this long: the version bump that makes the instances rebuild their cached pages
 * runs after the commit too, and a CDN refilling before it would fetch the old page again. The
 * wait also folds a burst of changes into one message (pending meanwhile, so that the changes of
 * the burst need no write of their own: PendingNotices).
 */
const FOLD_DELAY_MS = 1000;

/** An outbox message of a notice, folded per article by its dedupe key. */
type Notice = NewOutboxMessage & { dedupeKey: string; spacingSeconds?: number };

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
 * after the article's previous one. A change that a message queued here still covers writes
 * nothing (PendingNotices).
 */
@Injectable()
export class ArticleChangeNotices {
  private readonly logger = new Logger(ArticleChangeNotices.name);
  private readonly purging: boolean;
  private readonly intervalSeconds: number;
  private readonly pending = new PendingNotices();
  /** Per set of keys, the write that starts once the one in flight has finished. */
  private readonly nextWrites = new Map<string, Promise<void>>();

  constructor(
    { values }: AppConfig,
    private readonly outbox: OutboxStore,
  ) {
    this.purging = values.CDN_PURGE_URL !== undefined;
    this.intervalSeconds = values.ARTICLE_CHANGED_INTERVAL_SECONDS;
  }

  /** Call after the change has committed (and its version was bumped). Never throws. */
  changed(articleIds: Iterable<string>): Promise<void> {
    const articles = [...new Set(articleIds)].map(noticeKeys);
    const dedupeKeys = articles.flatMap(({ purge, changed }) => [purge, changed]);
    const group = dedupeKeys.join('\n');
    // While a write for these keys is in flight, the changes arriving meanwhile share one next
    // write, decided once that one has finished (it may cover them): a burst costs at most one
    // write in flight and one waiting, never one each in a row.
    const next = this.nextWrites.get(group);
    if (next) return next;
    const inFlight = this.pending.inFlight(dedupeKeys);
    if (!inFlight) return this.decideAndWrite(articles);
    const start = () => {
      this.nextWrites.delete(group);
      return this.decideAndWrite(articles);
    };
    const batch = inFlight.then(start, start);
    this.nextWrites.set(group, batch);
    return batch;
  }

  /**
   * Writes what no queued message covers, recording the write in flight before it starts (no
   * await between the decision and `writing`).
   */
  private decideAndWrite(articles: NoticeKeys[]): Promise<void> {
    const now = Date.now();
    const notBefore = new Date(now + FOLD_DELAY_MS);
    const wanted: Notice[] = [];
    for (const { articleId, key, purge, changed } of articles) {
      if (this.purging && !this.pending.covers(purge, now))
        wanted.push({
          channel: CDN_PURGE_CHANNEL,
          kind: 'purge',
          payload: { key },
          dedupeKey: purge,
          notBefore,
        });
      if (!this.pending.covers(changed, now))
        wanted.push({
          channel: ARTICLE_CHANGED_CHANNEL,
          kind: 'article.changed',
          payload: { articleId },
          dedupeKey: changed,
          notBefore,
          spacingSeconds: this.intervalSeconds,
        });
    }
    if (wanted.length === 0) return Promise.resolve();
    const write = this.queue(wanted, now);
    this.pending.writing(
      wanted.map((message) => message.dedupeKey),
      write,
    );
    return write;
  }

  /**
   * One statement per message, each committed on its own: the change is committed already, so
   * nothing needs the messages' row locks held to a common commit.
   */
  private async queue(wanted: Notice[], now: number): Promise<void> {
    try {
      const delays = await Promise.all(wanted.map((message) => this.outbox.enqueueAlone(message)));
      wanted.forEach((message, i) => this.pending.queued(message.dedupeKey, delays[i], now));
    } catch (error) {
      // The change is committed and answered; CDNs then serve it after their max-age instead.
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error), articles: wanted.length },
        'Article change notices not queued',
      );
    }
  }
}

/** An article's surrogate key and the dedupe keys of its two notices. */
interface NoticeKeys {
  articleId: string;
  key: string;
  purge: string;
  changed: string;
}

function noticeKeys(articleId: string): NoticeKeys {
  const key = articleCacheKey(articleId);
  return {
    articleId,
    key,
    purge: `${CDN_PURGE_CHANNEL}:${key}`,
    changed: `${ARTICLE_CHANGED_CHANNEL}:${key}`,
  };
}

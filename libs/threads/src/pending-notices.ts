/** How close to a queued message's first claim a change still counts as covered by it. */
const CLAIM_MARGIN_MS = 250;
/** Entries kept at most; past ones are dropped first, then all (a miss only costs a write). */
const MAX_ENTRIES = 10_000;

/**
 * The outbox messages of article notices this process queued, and until when each covers later
 * changes. A worker cannot claim a message before its first attempt time and reads the article
 * when it handles it, so a change committed before then is delivered by that message and needs
 * no outbox write of its own: a burst of likes or posts on one article costs one write per purge
 * delay or event interval instead of one each (and no wait on the waiting message's row lock).
 * In process only: another instance, or this one after a restart, merely writes once more.
 */
export class PendingNotices {
  private readonly until = new Map<string, number>();
  private readonly writes = new Map<string, Promise<unknown>>();

  /**
   * The write in flight for one of `keys`, if any: a caller decides (`covers`) only once it has
   * settled, and records its own write (`writing`) in the same synchronous step as the decision,
   * so that a burst of changes on one article waits here instead of queueing every write on the
   * message's row lock, each holding a connection (see ArticleChangeNotices).
   */
  inFlight(keys: readonly string[]): Promise<unknown> | undefined {
    for (const key of keys) {
      const write = this.writes.get(key);
      if (write) return write;
    }
    return undefined;
  }

  /** Records the write of `keys` in flight until `write` settles. */
  writing(keys: readonly string[], write: Promise<unknown>): void {
    for (const key of keys) this.writes.set(key, write);
    const done = () => {
      for (const key of keys) if (this.writes.get(key) === write) this.writes.delete(key);
    };
    write.then(done, done);
  }

  /** Whether a message queued earlier still covers a change committed before `now`. */
  covers(key: string, now: number): boolean {
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (now < until) return true;
    this.until.delete(key);
    return false;
  }

  /**
   * Records the message just queued under `key`, first claimable in `delayMs`; null (the change
   * folded into a message queued elsewhere, whose time is unknown here) records nothing.
   */
  queued(key: string, delayMs: number | null, now: number): void {
    if (delayMs === null || delayMs <= CLAIM_MARGIN_MS) return;
    if (this.until.size >= MAX_ENTRIES) this.prune(now);
    this.until.set(key, now + delayMs - CLAIM_MARGIN_MS);
  }

  private prune(now: number): void {
    for (const [key, until] of this.until) if (until <= now) this.until.delete(key);
    if (this.until.size >= MAX_ENTRIES) this.until.clear();
  }
}

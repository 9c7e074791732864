import { Injectable } from '@nestjs/common';
import { daysBefore, purgeInBatches, RetentionStep } from '@parley/database';
import { ReplyNoticeStore } from './reply-notice.store';

/**
 * Days a notice is kept once a mail took it, counted from its reply. It only lets a retry of
 * that mail quote the same replies again, and retries end long before (about a day and a half
 * at the default OUTBOX_* settings); a fixed period, since nobody needs to tune it.
 */
const KEEP_TAKEN_DAYS = 30;

/** Purges reply notices taken by a mail long ago; waiting notices stay (their mail is due). */
@Injectable()
export class ReplyNoticeRetention implements RetentionStep {
  readonly retentionName = 'reply_notices';

  constructor(private readonly store: ReplyNoticeStore) {}

  purgeExpired(now: Date, signal?: AbortSignal): Promise<number> {
    const cutoff = daysBefore(now, KEEP_TAKEN_DAYS);
    return purgeInBatches((limit) => this.store.purgeTakenBefore(cutoff, limit), signal);
  }
}

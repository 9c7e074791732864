import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { purgeInBatches, RetentionStep } from '@parley/database';
import { ReplyNoticeStore } from './reply-notice.store';

const DAY_MS = 86_400_000;

/**
 * Purges reply notices that a mail took more than RETENTION_REPLY_NOTICES_DAYS ago (counted from
 * the reply): they only keep a retry of that mail from mailing its replies twice, and retries end
 * long before (at least 7 days). Waiting notices are never purged: their mail is still due.
 */
@Injectable()
export class ReplyNoticeRetention implements RetentionStep {
  readonly retentionName = 'reply_notices';

  constructor(
    private readonly store: ReplyNoticeStore,
    private readonly config: AppConfig,
  ) {}

  purgeExpired(now: Date): Promise<number> {
    const cutoff = new Date(
      now.getTime() - this.config.values.RETENTION_REPLY_NOTICES_DAYS * DAY_MS,
    );
    return purgeInBatches((limit) => this.store.purgeTakenBefore(cutoff, limit));
  }
}

import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import type { RetentionStep } from '@parley/database';
import { CommentRevisionStore } from './comment-revision.store';

/**
 * Keeps at most COMMENT_REVISIONS_MAX earlier texts per comment. Edits already trim to the cap in
 * their own transaction; this catches what they cannot: revisions written before the cap existed,
 * or kept under a higher cap than the one configured now.
 */
@Injectable()
export class CommentRevisionRetention implements RetentionStep {
  readonly retentionName = 'comment_revisions';

  constructor(
    private readonly revisions: CommentRevisionStore,
    private readonly config: AppConfig,
  ) {}

  purgeExpired(_now: Date, signal?: AbortSignal): Promise<number> {
    return this.revisions.purgeBeyond(this.config.values.COMMENT_REVISIONS_MAX, signal);
  }
}

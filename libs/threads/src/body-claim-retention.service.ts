import { Injectable } from '@nestjs/common';
import type { RetentionStep } from '@parley/database';
import { CommentBodyClaimStore } from './comment-body-claim.store';

/**
 * Keeps `comment_body_claims` near the duplicate window's worth of posts: a claim older than
 * DUPLICATE_WINDOW_MINUTES decides nothing (the next identical post renews it), so it can go.
 * The duplicate check itself never depends on this step having run.
 */
@Injectable()
export class BodyClaimRetention implements RetentionStep {
  readonly retentionName = 'comment_body_claims';

  constructor(private readonly claims: CommentBodyClaimStore) {}

  purgeExpired(_now: Date, signal?: AbortSignal): Promise<number> {
    return this.claims.purgeExpired(signal);
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, validationFailed } from '@parley/errors';
import type { CommentStatusName } from '@parley/threads';
import { CommentDecisionsService, RejectCode } from './comment-decisions.service';

/** The most comments one bulk decision takes. */
export const BULK_MAX = 100;
/**
 * Decisions of one call in flight at once: each is a short transaction ending in a commit (a WAL
 * flush), so a few side by side share flushes; more would take the pool from other requests.
 */
const BULK_CONCURRENCY = 4;

export interface BulkInput {
  action: 'approve' | 'reject';
  ids: string[];
  code?: RejectCode;
  reason?: string;
}

/** One comment's result: `error` says why nothing could be decided (an unknown id). */
export interface BulkResult {
  id: string;
  changed: boolean;
  /** The comment's status after the decision; null for an unknown id. */
  status: CommentStatusName | null;
  error: 'comment_not_found' | null;
}

/**
 * Approves or rejects up to 100 comments, each exactly as the single route does
 * (CommentDecisionsService: its own transaction, a conditional change, one audit entry when it
 * changed anything). So two bulk calls over the same comments change each once, and a failure
 * half-way leaves the decided ones decided. Ids are taken once each (case-insensitively) and
 * started in id order, a few at a time, so that racing calls meet the comments in the same order
 * (and a deadlock between a reply's and its parent's counters is retried by CommentChanges.run).
 */
@Injectable()
export class BulkDecisionsService {
  constructor(private readonly decisions: CommentDecisionsService) {}

  async decide(actorId: string, input: BulkInput): Promise<BulkResult[]> {
    if (input.action === 'approve' && input.code !== undefined) {
      throw validationFailed({ field: 'code', message: 'is only taken with action reject' });
    }
    const ids = uniqueIds(input.ids);
    const waiting = [...ids].sort();
    const byId = new Map<string, BulkResult>();
    let failed = false;
    const worker = async () => {
      for (let id = waiting.shift(); id !== undefined && !failed; id = waiting.shift()) {
        try {
          byId.set(id, await this.decideOne(actorId, id, input));
        } catch (error) {
          // The decisions made so far stay made (each committed); the rest are not started.
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, ids.length) }, worker));
    return ids.map((id) => byId.get(id) as BulkResult);
  }

  private async decideOne(actorId: string, id: string, input: BulkInput): Promise<BulkResult> {
    try {
      const outcome =
        input.action === 'approve'
          ? await this.decisions.approve(actorId, id, { reason: input.reason })
          : await this.decisions.reject(actorId, id, { code: input.code, reason: input.reason });
      return { id, changed: outcome.changed, status: outcome.comment.comment.status, error: null };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'comment_not_found') {
        return { id, changed: false, status: null, error: 'comment_not_found' };
      }
      throw error;
    }
  }
}

/** The ids in their first order, each once, lower-cased (a UUID's case means nothing). */
export function uniqueIds(ids: string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

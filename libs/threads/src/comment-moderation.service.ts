import { Injectable } from '@nestjs/common';
import { validationFailed } from '@parley/errors';
import { decodeCursor, encodeCursor } from '@parley/cursor';
import type { Tx } from '@parley/database';
import { DomainError } from '@parley/errors';
import { commentEventData, WebhookEvents } from '@parley/webhooks';
import { CommentChanges } from './comment-changes.service';
import { CommentNotificationsService } from './comment-notifications.service';
import type { CommentRecord } from './comment-record';
import { CommentReportStore, OpenReports } from './comment-report.store';
import { CommentStore } from './comment.store';

export interface QueueQuery {
  articleId?: string;
  cursor?: string;
  limit: number;
}

/** A comment with its open reports (counts by reason, the latest notes, newest first). */
export interface ReportedComment extends OpenReports {
  comment: CommentRecord;
}

export type CommentDecisionKind = 'approve' | 'reject' | 'pin' | 'unpin';

/**
 * Only a visible comment is pinned: a pinned comment heads the first page, and anything else would
 * head it as a placeholder (or not show at all). As reinstate refuses, these are a 409 that
 * changes nothing. Unpin takes any status, so a pinned comment deleted or removed later (it keeps
 * its pin, and gets it back if reinstated) can still be unpinned.
 */
const PIN_REFUSED: Record<Exclude<CommentRecord['status'], 'visible'>, string> = {
  pending: 'A pending comment cannot be pinned; approve it first',
  removed: 'A removed comment cannot be pinned; reinstate it first',
  deleted: 'A comment deleted by its author cannot be pinned',
};

/** A decision's result: whether it changed anything, the comment before and after it. */
export interface CommentDecided {
  changed: boolean;
  previous: CommentRecord;
  comment: ReportedComment;
}

/**
 * What libs/moderation needs of comments, without reading these tables itself. A decision locks
 * the comment, changes it conditionally on its current status with the counters, and returns the
 * comment as changed; the caller's transaction (CommentChanges.run) can hold its audit entry.
 */
@Injectable()
export class CommentModerationService {
  constructor(
    private readonly store: CommentStore,
    private readonly reports: CommentReportStore,
    private readonly changes: CommentChanges,
    private readonly notifications: CommentNotificationsService,
    private readonly webhooks: WebhookEvents,
  ) {}

  async getComment(commentId: string): Promise<CommentRecord> {
    const comment = await this.store.find(commentId);
    if (!comment) throw new DomainError('comment_not_found', 'No such comment');
    return comment;
  }

  /** Pending comments, oldest first. */
  async listPending(
    query: QueueQuery,
  ): Promise<{ items: CommentRecord[]; nextCursor: string | null }> {
    const position = query.cursor !== undefined ? decodeCursor('pending', query.cursor) : undefined;
    const rows = await this.store.listPending({ ...query, position });
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return {
      items: rows.slice(0, query.limit),
      nextCursor: last ? encodeCursor('pending', { at: last.createdAt, id: last.id }) : null,
    };
  }

  /** Comments with open reports, the longest-reported first, with counts by reason and notes. */
  async listReported(
    query: QueueQuery,
  ): Promise<{ items: ReportedComment[]; nextCursor: string | null }> {
    const position =
      query.cursor !== undefined ? decodeCursor('reported', query.cursor) : undefined;
    const rows = await this.store.listReported({ ...query, position });
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return {
      items: await this.withReports(rows.slice(0, query.limit)),
      nextCursor: last?.reportedAt
        ? encodeCursor('reported', { at: last.reportedAt, id: last.id })
        : null,
    };
  }

  /** The open reports of these comments, in a fixed number of queries. */
  async withReports(page: CommentRecord[], tx?: Tx): Promise<ReportedComment[]> {
    const open = await this.reports.openOf(
      page.map((comment) => comment.id),
      tx,
    );
    return page.map((comment) => ({ comment, ...(open.get(comment.id) as OpenReports) }));
  }

  /** approve: see decide; false when there was nothing to do. */
  async approve(commentId: string): Promise<boolean> {
    return (await this.changes.run((tx) => this.decide(commentId, 'approve', null, tx))).changed;
  }

  async reject(commentId: string, code: string | null = null): Promise<boolean> {
    return (await this.changes.run((tx) => this.decide(commentId, 'reject', code, tx))).changed;
  }

  async pin(commentId: string): Promise<boolean> {
    return (await this.changes.run((tx) => this.decide(commentId, 'pin', null, tx))).changed;
  }

  async unpin(commentId: string): Promise<boolean> {
    return (await this.changes.run((tx) => this.decide(commentId, 'unpin', null, tx))).changed;
  }

  /**
   * In a CommentChanges.run() transaction: `approve` (pending → visible; open reports resolved,
   * which on a visible comment is a "keep"), `reject` (visible or pending → removed, reports
   * resolved, the author told with `code` through the outbox), `pin`/`unpin` (top-level only;
   * pin a visible comment only, 409 conflict otherwise).
   */
  async decide(
    commentId: string,
    kind: CommentDecisionKind,
    code: string | null,
    tx: Tx,
  ): Promise<CommentDecided> {
    const previous = await this.store.find(commentId, tx, true);
    if (!previous) throw new DomainError('comment_not_found', 'No such comment');
    const { changed, comment } =
      kind === 'approve' || kind === 'reject'
        ? await this.settle(previous, kind, code, tx)
        : await this.setPinned(previous, kind === 'pin', tx);
    const [reported] = await this.withReports([comment], tx);
    return { changed, previous, comment: reported };
  }

  /** Takes every visible or pending comment of the user out of view; returns how many. */
  async removeAllByAuthor(userId: string, tx?: Tx): Promise<number> {
    if (!tx) return this.changes.run((own) => this.removeAllByAuthor(userId, own));
    const moved = await this.changes.move(
      tx,
      { authorId: userId },
      ['visible', 'pending'],
      'removed',
    );
    await this.reports.resolveOpen(
      moved.map((row) => row.id),
      tx,
    );
    return moved.length;
  }

  /**
   * A reply that becomes visible notifies the author of the comment it answers now, as it would
   * have when posted (see CommentStore.answeredAuthorId).
   */
  private async settle(
    previous: CommentRecord,
    kind: 'approve' | 'reject',
    code: string | null,
    tx: Tx,
  ): Promise<{ changed: boolean; comment: CommentRecord }> {
    const resolved = await this.reports.resolveOpen([previous.id], tx);
    const from: CommentRecord['status'][] =
      kind === 'approve' ? ['pending'] : ['visible', 'pending'];
    const to = kind === 'approve' ? 'visible' : 'removed';
    const [moved] = await this.changes.move(tx, { id: previous.id }, from, to);
    if (moved && kind === 'reject') await this.notifications.rejected(tx, moved, code);
    const event = kind === 'approve' ? 'comment.approved' : 'comment.rejected';
    if (moved) await this.webhooks.record(tx, event, { ...commentEventData(moved), code });
    if (moved && kind === 'approve' && moved.parentId !== null) {
      const answered = await this.store.answeredAuthorId(moved.id, tx);
      if (answered) await this.notifications.replied(tx, moved, answered);
    }
    const cleared = resolved > 0 ? { ...previous, openReportCount: 0, reportedAt: null } : previous;
    const changed = moved !== undefined || (kind === 'approve' && resolved > 0);
    return { changed, comment: moved ?? cleared };
  }

  private async setPinned(
    comment: CommentRecord,
    pinned: boolean,
    tx: Tx,
  ): Promise<{ changed: boolean; comment: CommentRecord }> {
    if (comment.parentId !== null) {
      throw validationFailed(
        { field: 'commentId', message: 'must be a top-level comment' },
        'Only top-level comments can be pinned',
      );
    }
    if (pinned && comment.status !== 'visible')
      throw new DomainError('conflict', PIN_REFUSED[comment.status]);
    const changed = await this.store.setPinned(comment.id, pinned, tx);
    if (changed)
      this.changes.touch(tx, [
        { articleId: changed.articleId, commentId: changed.id, kind: 'pinned' },
      ]);
    return { changed: changed !== null, comment: changed ?? comment };
  }
}

import { Injectable } from '@nestjs/common';
import { TransactionRunner, Tx } from '@parley/database';
import { ArticleStore } from './article.store';
import { ArticleVersions } from './article-versions.service';
import {
  CommentRecord,
  CommentStatusName,
  isShown,
  MovedComment,
  NewCommentRow,
} from './comment-record';
import { CommentFilter, CommentStore } from './comment.store';

/** How one comment's change moves the counters: visible comments (article) and shown replies (parent). */
interface CountDelta {
  articleId: string;
  parentId: string | null;
  visible: number;
  shown: number;
}

/**
 * Changes to comments with the counters that depend on them (the article's comment count:
 * visible comments; the parent's `reply_count`: shown replies), in one transaction.
 *
 * Every change runs in `run()`, which bumps the touched articles' versions once it has committed
 * (so cached anonymous pages are never rebuilt from uncommitted state); a change in any other
 * transaction is refused. Other libs run their own changes in `run()` too when one of them
 * changes comments (a ban that removes them).
 */
@Injectable()
export class CommentChanges {
  private readonly touchedIn = new WeakMap<Tx, Set<string>>();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly comments: CommentStore,
    private readonly articles: ArticleStore,
    private readonly versions: ArticleVersions,
  ) {}

  /**
   * Runs `work` in one transaction. Changes lock comments, then count shards, then parents, but a
   * cascade or a bulk change can still meet another in the opposite order; PostgreSQL then aborts
   * one of them whole, and it runs again (`work` only touches the database).
   */
  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let touched = new Set<string>();
    const result = await this.transactions.run((tx) => {
      // A fresh set per attempt: an attempt that rolled back touched nothing.
      touched = new Set<string>();
      this.touchedIn.set(tx, touched);
      return work(tx);
    });
    await this.versions.bump(touched);
    return result;
  }

  /** Records that this transaction changes what readers see of the article. */
  touch(tx: Tx, articleIds: Iterable<string>): void {
    const touched = this.touchedIn.get(tx);
    if (!touched) throw new Error('Comment changes must run in CommentChanges.run()');
    for (const id of articleIds) touched.add(id);
  }

  /**
   * Inserts a new comment (see CommentStore.insert); null for a duplicate. A top-level comment is
   * one statement and needs no transaction; a reply must run in `run()`, where the caller then
   * counts it on its parent with countReply.
   */
  async insert(row: NewCommentRow, tx?: Tx): Promise<CommentRecord | null> {
    if (row.parentId !== null && !tx)
      throw new Error('A reply must be inserted in CommentChanges.run()');
    const comment = await this.comments.insert(row, tx);
    const touched = comment && row.status === 'visible' ? [row.articleId] : [];
    if (tx) this.touch(tx, touched);
    else await this.versions.bump(touched);
    return comment;
  }

  /** A new visible reply: its parent shows one more (the INSERT counted it on the article). */
  countReply(tx: Tx, reply: Pick<CommentRecord, 'articleId' | 'parentId'>): Promise<void> {
    return this.applyDeltas(tx, [
      { articleId: reply.articleId, parentId: reply.parentId, visible: 0, shown: 1 },
    ]);
  }

  /** Moves the matching comments whose status is one of `from` to `to`, with the counters. */
  async move(
    tx: Tx,
    filter: CommentFilter,
    from: CommentStatusName[],
    to: CommentStatusName,
  ): Promise<MovedComment[]> {
    const rows = await this.comments.transition(filter, from, to, tx);
    await this.applyDeltas(
      tx,
      rows.map((row) => ({
        articleId: row.articleId,
        parentId: row.parentId,
        visible: Number(to === 'visible') - Number(row.previous === 'visible'),
        shown: Number(isShown(to, row.replyCount)) - Number(isShown(row.previous, row.replyCount)),
      })),
    );
    return rows;
  }

  /**
   * Adds the deltas to the articles' comment counts and the parents' reply counts. A placeholder
   * parent whose reply count crosses zero appears or disappears in turn, so its own parent's
   * count moves too: at most three levels up.
   */
  private async applyDeltas(tx: Tx, rows: CountDelta[]): Promise<void> {
    this.touch(
      tx,
      rows.map((row) => row.articleId),
    );
    await this.articles.addToCommentCounts(
      tx,
      sum(rows.map((row) => [row.articleId, row.visible])),
    );
    let byParent = sum(
      rows.filter((row) => row.parentId !== null).map((row) => [row.parentId as string, row.shown]),
    );
    while (byParent.size > 0) {
      const parents = await this.comments.addToReplyCounts(byParent, tx);
      byParent = sum(
        parents
          .filter((parent) => parent.parentId !== null)
          .map((parent) => [
            parent.parentId as string,
            Number(isShown(parent.status, parent.after)) -
              Number(isShown(parent.status, parent.before)),
          ]),
      );
    }
  }
}

function sum(entries: [string, number][]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [key, n] of entries) totals.set(key, (totals.get(key) ?? 0) + n);
  for (const [key, n] of totals) if (n === 0) totals.delete(key);
  return totals;
}

import { Injectable, Logger } from '@nestjs/common';
import { Prisma, TransactionRunner, Tx } from '@parley/database';
import { ArticleChangeNotices } from './article-change-notices.service';
import { ArticleStore } from './article.store';
import { ArticleVersions } from './article-versions.service';
import { CommentLiveEvents, CommentTouch } from './comment-live-events.service';
import {
  CommentRecord,
  CommentStatusName,
  isShown,
  MovedComment,
  NewCommentRow,
} from './comment-record';
import { CommentFilter, CommentStore } from './comment.store';

/** What a transaction changed: articles (their cached pages), and comments (live events). */
interface Touched {
  articles: Set<string>;
  comments: CommentTouch[];
}

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
 * (so cached anonymous pages are never rebuilt from uncommitted state) and then publishes the
 * changed comments' live events (CommentLiveEvents); a change in any other transaction is
 * refused. `touch` records each changed comment with what happened to it, so that whatever
 * changes a list reaches its readers' streams. Other libs run their own changes in `run()` too when one of them
 * changes comments (a ban that removes them).
 */
@Injectable()
export class CommentChanges {
  private readonly touchedIn = new WeakMap<Tx, Touched>();
  private readonly logger = new Logger(CommentChanges.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly comments: CommentStore,
    private readonly articles: ArticleStore,
    private readonly versions: ArticleVersions,
    private readonly events: CommentLiveEvents,
    private readonly notices: ArticleChangeNotices,
  ) {}

  /**
   * Runs `work` in one transaction. Changes lock comments, then count shards, then parents, but a
   * cascade or a bulk change can still meet another in the opposite order; PostgreSQL then aborts
   * one of them whole, and it runs again (`work` only touches the database).
   */
  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let touched: Touched = { articles: new Set(), comments: [] };
    const result = await this.transactions.run((tx) => {
      // A fresh record per attempt: an attempt that rolled back touched nothing.
      touched = { articles: new Set(), comments: [] };
      this.touchedIn.set(tx, touched);
      return work(tx);
    });
    await this.committed(touched);
    return result;
  }

  /**
   * Records that this transaction changes what readers see of an article: a comment and what
   * happened to it (for live events), or a bare article id (its count only).
   */
  touch(tx: Tx, changes: Iterable<string | CommentTouch>): void {
    const touched = this.touchedIn.get(tx);
    if (!touched) throw new Error('Comment changes must run in CommentChanges.run()');
    for (const change of changes) {
      if (typeof change === 'string') touched.articles.add(change);
      else {
        touched.articles.add(change.articleId);
        touched.comments.push(change);
      }
    }
  }

  /**
   * A committed like or unlike (one statement of its own), with the comment as it left it: the
   * cached pages at once, the live event coalesced (see CommentLiveEvents.liked).
   */
  async liked(comment: CommentRecord): Promise<void> {
    await this.versions.bump([comment.articleId]);
    await this.events.liked(comment);
    await this.notices.changed([comment.articleId]);
  }

  private async committed(touched: Touched): Promise<void> {
    await this.versions.bump(touched.articles);
    const named = new Set(touched.comments.map((change) => change.articleId));
    // The change has committed: building its live events reads the database again, and a
    // failure there (an outage starting now) must not turn a stored change into an error answer.
    await this.events
      .publish(
        touched.comments,
        [...touched.articles].filter((id) => !named.has(id)),
      )
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error instanceof Error ? error.message.split('\n')[0] : String(error) },
          'Live events of a committed change not built',
        ),
      );
    await this.notices.changed(touched.articles);
  }

  /**
   * Inserts a new comment (see CommentStore.insert); null for a duplicate. A top-level comment is
   * one statement and needs no transaction; a reply must run in `run()`, where the caller then
   * counts it on its parent with countReply.
   */
  async insert(
    row: NewCommentRow,
    tx?: Tx,
    also?: (whenInserted: Prisma.Sql) => Prisma.Sql,
  ): Promise<CommentRecord | null> {
    if (row.parentId !== null && !tx)
      throw new Error('A reply must be inserted in CommentChanges.run()');
    const comment = await this.comments.insert(row, tx, also);
    const touched: CommentTouch[] = comment
      ? [{ articleId: row.articleId, commentId: comment.id, kind: 'created', row: comment }]
      : [];
    // A pending comment changes no list; its event is dropped (anonymous readers never see it).
    const shown = row.status === 'visible' ? touched : [];
    if (tx) this.touch(tx, shown);
    else
      await this.committed({ articles: new Set(shown.map((t) => t.articleId)), comments: shown });
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
    this.touch(
      tx,
      rows.map((row) => ({
        articleId: row.articleId,
        commentId: row.id,
        kind: 'moved' as const,
        previous: row.previous,
      })),
    );
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
    // A parent is on its child's article.
    const articleOf = new Map(rows.map((row) => [row.parentId, row.articleId]));
    while (byParent.size > 0) {
      const parents = await this.comments.addToReplyCounts(byParent, tx);
      this.touch(
        tx,
        parents.map((parent) => {
          const articleId = articleOf.get(parent.id) as string;
          articleOf.set(parent.parentId, articleId);
          return { articleId, commentId: parent.id, kind: 'replies' as const };
        }),
      );
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

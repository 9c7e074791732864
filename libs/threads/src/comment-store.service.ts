import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma, PrismaService, SqlClient } from '@parley/database';
import { DomainError } from '@parley/errors';
import { COMMENT_COUNT_SHARDS } from './article-record';
import { ArticleVersions } from './article-versions.service';
import { COMMENT_COLUMNS, CommentRecord, CommentStatusName, isUuid } from './comment-record';

type Db = Prisma.TransactionClient | PrismaService;

/**
 * Adds the rows' `n` to a shard of their article's comment count picked at random (see
 * COMMENT_COUNT_SHARDS): a first change on a shard creates its row, later ones add to it.
 */
const INTO_RANDOM_SHARD = Prisma.sql`INSERT INTO article_comment_counts AS s (article_id, shard, n)`;
const RANDOM_SHARD = Prisma.raw(`floor(random() * ${COMMENT_COUNT_SHARDS})::smallint`);
const ADD_TO_SHARD = Prisma.sql`ON CONFLICT (article_id, shard) DO UPDATE SET n = s.n + EXCLUDED.n`;
/** How long the same text by the same user on the same article is a duplicate. */
export const DUPLICATE_WINDOW_MINUTES = 10;
const DUPLICATE_WINDOW = Prisma.raw(`interval '${DUPLICATE_WINDOW_MINUTES} minutes'`);

interface ChangedRow {
  id: string;
  articleId: string;
  parentId: string | null;
  previous: CommentStatusName;
  replyCount: number;
}

/** How one comment's change moves the counters: visible comments (article) and shown replies (parent). */
export interface CountDelta {
  articleId: string;
  parentId: string | null;
  visible: number;
  shown: number;
}

/** A new comment's row, and the Idempotency-Key that will answer its retries. */
export interface NewCommentRow {
  articleId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  body: string;
  /** SHA-256 (hex) of the trimmed body: the duplicate check compares these. */
  bodyHash: string;
  status: 'visible' | 'pending';
  idempotency: { key: string; requestHash: string } | null;
}

/**
 * A comment is shown in its list when it is visible, or a placeholder: deleted/removed with
 * shown replies. `reply_count` counts shown direct replies, so that a chain of placeholders
 * still leads readers to the visible replies below it.
 */
export function isShown(status: CommentStatusName, replyCount: number): boolean {
  return status === 'visible' || ((status === 'deleted' || status === 'removed') && replyCount > 0);
}

/**
 * Reads comment rows and changes their status with the counters that depend on it (the
 * article's comment count, sharded over `article_comment_counts`: visible comments; parent
 * `reply_count`: shown replies), in the caller's transaction. Status changes are conditional,
 * so two racing changes make one.
 *
 * Every change runs in `transaction()`, which bumps the touched articles' versions once it has
 * committed (so cached anonymous pages are never rebuilt from uncommitted state); a change in
 * any other transaction is refused.
 */
@Injectable()
export class CommentStore {
  private readonly touchedIn = new WeakMap<Prisma.TransactionClient, Set<string>>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
    private readonly versions: ArticleVersions,
  ) {}

  /**
   * Runs `work` in one transaction. Changes lock comments, then count shards, then parents, but a
   * cascade or a bulk change can still meet another in the opposite order; PostgreSQL then aborts
   * one of them whole, and it runs again (`work` only touches the database).
   */
  async transaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    let touched = new Set<string>();
    const result = await this.prisma.transaction((tx) => {
      // A fresh set per attempt: an attempt that rolled back touched nothing.
      touched = new Set<string>();
      this.touchedIn.set(tx, touched);
      return work(tx);
    });
    await this.versions.bump(touched);
    return result;
  }

  /** Records that this transaction changes what readers see of the article. */
  touch(tx: Prisma.TransactionClient, articleIds: Iterable<string>): void {
    const touched = this.touchedIn.get(tx);
    if (!touched) throw new Error('Comment changes must run in CommentStore.transaction()');
    for (const id of articleIds) touched.add(id);
  }

  /** One comment: in the given transaction, or (without one) on the cheap path of SqlClient. */
  async find(id: string, db?: Db, lock = false): Promise<CommentRecord | null> {
    if (!isUuid(id)) return null;
    const statement = Prisma.sql`SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.id = ${id}::uuid ${lock ? Prisma.sql`FOR NO KEY UPDATE` : Prisma.empty}`;
    const rows = db
      ? await db.$queryRaw<CommentRecord[]>(statement)
      : await this.sql.query<CommentRecord>(statement);
    return rows[0] ?? null;
  }

  async get(id: string, db?: Db, lock = false): Promise<CommentRecord> {
    const comment = await this.find(id, db, lock);
    if (!comment) throw new DomainError('comment_not_found', 'No such comment');
    return comment;
  }

  /**
   * Inserts a new comment with its idempotency key and, when it is visible, counts it on its
   * article, in one statement (atomic on its own). A top-level comment needs nothing else, so it
   * takes no interactive transaction; a reply must run in `transaction()`, where the caller
   * then counts it on its parent with applyDeltas (a placeholder parent may cascade).
   *
   * The same statement claims (author, article, body hash) in `comment_body_claims`; the comment
   * is inserted only if the claim is new or older than DUPLICATE_WINDOW_MINUTES, else 409
   * duplicate_comment. The claim's primary key decides between concurrent identical posts: the
   * second waits for the first to commit and then sees its claim (ON CONFLICT reads the latest
   * committed row, not the statement's snapshot).
   */
  async insert(row: NewCommentRow, tx?: Prisma.TransactionClient): Promise<CommentRecord> {
    if (row.parentId !== null && !tx)
      throw new Error('A reply must be inserted in CommentStore.transaction()');
    const visible = row.status === 'visible';
    const counted = visible
      ? Prisma.sql`, counted AS (${INTO_RANDOM_SHARD} SELECT article_id, ${RANDOM_SHARD}, 1 FROM inserted ${ADD_TO_SHARD})`
      : Prisma.empty;
    const keyed = row.idempotency
      ? Prisma.sql`, keyed AS (INSERT INTO comment_idempotency_keys (user_id, key, request_hash, comment_id)
          SELECT ${row.authorId}::uuid, ${row.idempotency.key}, ${row.idempotency.requestHash}, id FROM inserted)`
      : Prisma.empty;
    const statement = Prisma.sql`
      WITH claimed AS (
        INSERT INTO comment_body_claims AS b (user_id, article_id, body_hash)
        VALUES (${row.authorId}::uuid, ${row.articleId}, decode(${row.bodyHash}, 'hex'))
        ON CONFLICT (user_id, article_id, body_hash) DO UPDATE SET created_at = now()
          WHERE b.created_at < now() - ${DUPLICATE_WINDOW}
        RETURNING 1
      ), inserted AS (
        INSERT INTO comments (id, article_id, parent_id, depth, author_id, body, status)
        SELECT ${randomUUID()}::uuid, ${row.articleId}, ${row.parentId}::uuid, ${row.depth},
          ${row.authorId}::uuid, ${row.body}, ${row.status}::"CommentStatus" FROM claimed
        RETURNING *
      ) ${counted} ${keyed}
      SELECT ${COMMENT_COLUMNS} FROM inserted c`;
    // A top-level comment is one statement, on the cheap path; a reply joins its transaction.
    const rows = tx
      ? await tx.$queryRaw<CommentRecord[]>(statement)
      : await this.sql.query<CommentRecord>(statement);
    if (rows.length === 0) {
      throw new DomainError(
        'duplicate_comment',
        `You posted this text on this article less than ${DUPLICATE_WINDOW_MINUTES} minutes ago`,
      );
    }
    if (tx) this.touch(tx, visible ? [row.articleId] : []);
    else if (visible) await this.versions.bump([row.articleId]);
    return rows[0];
  }

  /** Forgets the duplicate-check claims that no longer mean anything; returns how many. */
  async sweepBodyClaims(): Promise<number> {
    const rows = await this.sql.query<{ n: number }>(Prisma.sql`
      WITH swept AS (DELETE FROM comment_body_claims WHERE created_at < now() - ${DUPLICATE_WINDOW} RETURNING 1)
      SELECT count(*)::int AS n FROM swept`);
    return rows[0]?.n ?? 0;
  }

  /** Moves the matching comments whose status is one of `from` to `to`; returns how many moved. */
  async transition(
    tx: Prisma.TransactionClient,
    where: Prisma.Sql,
    from: CommentStatusName[],
    to: CommentStatusName,
    extraSet: Prisma.Sql = Prisma.empty,
  ): Promise<ChangedRow[]> {
    const rows = await tx.$queryRaw<ChangedRow[]>`
      WITH target AS (
        SELECT c.id, c.status FROM comments c WHERE ${where} AND c.status::text = ANY(${from}::text[]) ORDER BY c.id FOR NO KEY UPDATE
      )
      UPDATE comments u SET status = ${to}::"CommentStatus" ${extraSet}
      FROM target t WHERE u.id = t.id
      RETURNING u.id::text AS "id", u.article_id AS "articleId", u.parent_id::text AS "parentId", t.status::text AS "previous",
        u.reply_count AS "replyCount"`;
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
   * count moves too: at most three levels up. Each article's delta goes to one random shard;
   * articles are counted in id order, so two transactions touching the same articles lock their
   * shard rows in the same order and cannot deadlock on them.
   */
  async applyDeltas(tx: Prisma.TransactionClient, rows: CountDelta[]): Promise<void> {
    this.touch(
      tx,
      rows.map((row) => row.articleId),
    );
    const byArticle = sum(rows.map((row) => [row.articleId, row.visible]));
    if (byArticle.size > 0) {
      await tx.$executeRaw`${INTO_RANDOM_SHARD}
        SELECT d.id, ${RANDOM_SHARD}, d.n FROM unnest(${[...byArticle.keys()]}::text[], ${[...byArticle.values()]}::int[]) AS d(id, n)
        ORDER BY d.id ${ADD_TO_SHARD}`;
    }
    let byParent = sum(
      rows.filter((row) => row.parentId !== null).map((row) => [row.parentId as string, row.shown]),
    );
    while (byParent.size > 0) {
      const parents = await tx.$queryRaw<
        { parentId: string | null; status: CommentStatusName; before: number; after: number }[]
      >`
        UPDATE comments p SET reply_count = p.reply_count + d.n
        FROM unnest(${[...byParent.keys()]}::uuid[], ${[...byParent.values()]}::int[]) AS d(id, n) WHERE p.id = d.id
        RETURNING p.parent_id::text AS "parentId", p.status::text AS "status", (p.reply_count - d.n)::int AS "before", p.reply_count AS "after"`;
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

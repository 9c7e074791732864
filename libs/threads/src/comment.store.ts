import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  hasSqlState,
  limitLiteral,
  Prisma,
  PrismaService,
  rowsToFetch,
  SqlClient,
  Tx,
} from '@parley/database';
import type { CursorPosition } from '@parley/cursor';
import { ArticleStore } from './article.store';
import { CommentBodyClaimStore } from './comment-body-claim.store';
import { CommentIdempotencyKeyStore } from './comment-idempotency-key.store';
import { CommentLikeStore } from './comment-like.store';
import type { CommentVerdict } from './comment-rules';
import {
  COMMENT_COLUMNS,
  CommentRecord,
  CommentSort,
  CommentStatusName,
  isUuid,
  MovedComment,
  NewCommentRow,
  PagedComment,
  Viewer,
} from './comment-record';

/** See CommentStore.postingFacts; `now` is the database's clock (the one created_at uses). */
export interface PostingFacts {
  approvedCount: number;
  lastPostAt: Date | null;
  recentCount: number;
  now: Date;
}

/** Which comments a status change or an erasure applies to. */
export type CommentFilter = { id: string } | { authorId: string };

/** The SQLSTATE the slow_mode_guard function (migration 20261202220000) aborts a post with. */
const SLOW_MODE_REFUSED = 'PA429';

/** True when CommentStore.insert refused the post by slow mode, under the lock (see insert). */
export function isSlowModeRefusal(error: unknown): boolean {
  return hasSqlState(error, SLOW_MODE_REFUSED);
}

/** The most pinned comments a first page shows. */
export const MAX_PINNED_SHOWN = 20;

/**
 * `comments` and the reply counts kept on them (`reply_count`: shown direct replies). Hot reads
 * (one comment, a page) run on SqlClient; everything in a transaction takes the caller's `tx`,
 * always as the last parameter. Status changes are conditional, so two racing changes make one.
 */
@Injectable()
export class CommentStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
    private readonly articles: ArticleStore,
    private readonly likes: CommentLikeStore,
    private readonly claims: CommentBodyClaimStore,
    private readonly keys: CommentIdempotencyKeyStore,
  ) {}

  /**
   * One comment: in the given transaction (with `lock`, FOR NO KEY UPDATE until it ends), or
   * without one on the cheap path of SqlClient.
   */
  async find(id: string, tx?: Tx, lock = false): Promise<CommentRecord | null> {
    if (!isUuid(id)) return null;
    const statement = Prisma.sql`SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.id = ${id}::uuid ${lock ? Prisma.sql`FOR NO KEY UPDATE` : Prisma.empty}`;
    // Prepared: every like reads its comment, and planning this cost more than running it.
    const rows = tx
      ? await tx.$queryRaw<CommentRecord[]>(statement)
      : await this.sql.queryReadPrepared<CommentRecord>('parley_comment', statement);
    return rows[0] ?? null;
  }

  /**
   * The article of the comment `id` if it is visible, as a scalar subquery (NULL for a comment
   * that is not there or not visible) for a statement that reads that article with the checks
   * of a like (ArticlesService.getWith).
   */
  visibleCommentArticleSql(id: string): Prisma.Sql {
    if (!isUuid(id)) return Prisma.sql`NULL::text`;
    return Prisma.sql`(SELECT c.article_id FROM comments c WHERE c.id = ${id}::uuid AND c.status = 'visible')`;
  }

  /** The comments among `ids` that exist, in no particular order (one indexed query). */
  findMany(ids: string[]): Promise<CommentRecord[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return this.sql.queryPrepared<CommentRecord>(
      'parley_comments',
      Prisma.sql`SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.id = ANY(${valid}::uuid[])`,
    );
  }

  /**
   * Inserts a new comment in one statement (atomic on its own): the comment, its idempotency key,
   * its body claim and, when visible, its count on the article. Null when the claim is taken (a
   * duplicate within the window): nothing is then written. Without `tx` it runs on the cheap path
   * of SqlClient (a top-level comment needs nothing else). `also` builds a statement run within
   * this one (a data-modifying CTE), given the condition that holds once the comment is in.
   */
  async insert(
    row: NewCommentRow,
    tx?: Tx,
    also?: (whenInserted: Prisma.Sql) => Prisma.Sql,
  ): Promise<CommentRecord | null> {
    const counted =
      row.status === 'visible'
        ? Prisma.sql`, counted AS (${this.articles.countInsertedSql('inserted')})`
        : Prisma.empty;
    const keyed = row.idempotency
      ? Prisma.sql`, keyed AS (${this.keys.insertSql('inserted', { userId: row.authorId, ...row.idempotency })})`
      : Prisma.empty;
    const alongside = also
      ? Prisma.sql`, alongside AS (${also(Prisma.sql`EXISTS (SELECT 1 FROM inserted)`)})`
      : Prisma.empty;
    const claim = { userId: row.authorId, articleId: row.articleId, bodyHash: row.bodyHash };
    // Slow mode against posts racing past the rules' lockless check (see the slow_mode_guard
    // migration): aborts the statement with SQLSTATE PA429 (isSlowModeRefusal).
    const guard = row.slowModeSeconds
      ? Prisma.sql`slow_mode_guard(${row.authorId}::uuid, ${row.articleId}, ${row.slowModeSeconds}::int)`
      : undefined;
    const statement = Prisma.sql`
      WITH claimed AS (${this.claims.claimSql(claim, guard)}), inserted AS (
        INSERT INTO comments (id, article_id, parent_id, replied_to_id, depth, author_id, body, status, hold_reason, score)
        SELECT ${row.id ?? randomUUID()}::uuid, ${row.articleId}, ${row.parentId}::uuid, ${row.repliedToId}::uuid, ${row.depth},
          ${row.authorId}::uuid, ${row.body}, ${row.status}::"CommentStatus", ${row.holdReason}::"HoldReason", ${row.score}::real FROM claimed
        RETURNING *
      ) ${counted} ${keyed} ${alongside}
      SELECT ${COMMENT_COLUMNS} FROM inserted c`;
    const rows = tx
      ? await tx.$queryRaw<CommentRecord[]>(statement)
      : // Prepared (per shape): planning the statement cost about what running it does.
        await this.sql.queryPrepared<CommentRecord>('parley_insert_comment', statement);
    return rows[0] ?? null;
  }

  /**
   * Moves the matching comments whose status is one of `from` to `to`, locking them in id order;
   * returns them as they are now, with their previous status. Counters are the caller's.
   */
  transition(
    filter: CommentFilter,
    from: CommentStatusName[],
    to: CommentStatusName,
    tx: Tx,
  ): Promise<MovedComment[]> {
    return tx.$queryRaw<MovedComment[]>`
      WITH target AS (
        SELECT c.id, c.status FROM comments c WHERE ${matching(filter)} AND c.status::text = ANY(${from}::text[])
        ORDER BY c.id FOR NO KEY UPDATE
      )
      UPDATE comments c SET status = ${to}::"CommentStatus" FROM target t WHERE c.id = t.id
      RETURNING ${COMMENT_COLUMNS}, t.status::text AS "previous"`;
  }

  /**
   * Adds each parent's delta to its reply count; returns the parents' own parents, statuses and
   * counts before and after (a placeholder parent may appear or disappear in turn).
   */
  addToReplyCounts(
    byParent: Map<string, number>,
    tx: Tx,
  ): Promise<
    {
      id: string;
      parentId: string | null;
      status: CommentStatusName;
      before: number;
      after: number;
    }[]
  > {
    return tx.$queryRaw`
      UPDATE comments p SET reply_count = p.reply_count + d.n
      FROM unnest(${[...byParent.keys()]}::uuid[], ${[...byParent.values()]}::int[]) AS d(id, n) WHERE p.id = d.id
      RETURNING p.id::text AS "id", p.parent_id::text AS "parentId", p.status::text AS "status", (p.reply_count - d.n)::int AS "before", p.reply_count AS "after"`;
  }

  /** The comment after the change, or null when it was so already. */
  async setPinned(id: string, pinned: boolean, tx: Tx): Promise<CommentRecord | null> {
    const [row] = await tx.$queryRaw<CommentRecord[]>`
      UPDATE comments c SET pinned = ${pinned} WHERE c.id = ${id}::uuid AND c.pinned <> ${pinned}
      RETURNING ${COMMENT_COLUMNS}`;
    return row ?? null;
  }

  /**
   * The comment as edited. `verdict` is what the posting rules said of the new text: its score
   * replaces the old one (null: unscored), and a hold reason is kept for the move to pending.
   */
  async setBody(
    id: string,
    body: string,
    tx: Tx,
    verdict: Pick<CommentVerdict, 'holdReason' | 'score'> = { holdReason: null, score: null },
  ): Promise<CommentRecord> {
    const [row] = await tx.$queryRaw<CommentRecord[]>`
      UPDATE comments c SET body = ${body}, edited_at = ${new Date()}, score = ${verdict.score}::real,
        hold_reason = COALESCE(${verdict.holdReason}::"HoldReason", c.hold_reason)
      WHERE c.id = ${id}::uuid
      RETURNING ${COMMENT_COLUMNS}`;
    return row;
  }

  /**
   * What the posting rules read of a user and an article, in one round trip, each part only when
   * its rule is on (the caller skips it when none is): how many of their comments are visible (up to `approvedUpTo`); when they last commented on the article (slow mode); how
   * many comments the article received in the last minute (up to `recentUpTo`, surge).
   */
  async postingFacts(
    userId: string,
    articleId: string,
    wanted: { approvedUpTo: number; lastPost: boolean; recentUpTo: number },
  ): Promise<PostingFacts> {
    const approved =
      wanted.approvedUpTo > 0
        ? Prisma.sql`(SELECT count(*) FROM (SELECT 1 FROM comments c WHERE c.author_id = ${userId}::uuid AND c.status = 'visible' LIMIT ${wanted.approvedUpTo}) v)::int`
        : Prisma.sql`0`;
    const lastPost = wanted.lastPost
      ? Prisma.sql`(SELECT max(c.created_at) FROM comments c WHERE c.author_id = ${userId}::uuid AND c.article_id = ${articleId})`
      : Prisma.sql`NULL::timestamptz`;
    const recent =
      wanted.recentUpTo > 0
        ? Prisma.sql`(SELECT count(*) FROM (SELECT 1 FROM comments c WHERE c.article_id = ${articleId} AND c.created_at > now() - interval '1 minute' LIMIT ${wanted.recentUpTo}) r)::int`
        : Prisma.sql`0`;
    const [facts] = await this.sql.query<PostingFacts>(Prisma.sql`
      SELECT ${approved} AS "approvedCount", ${lastPost} AS "lastPostAt", ${recent} AS "recentCount",
        now() AS "now"`);
    return facts;
  }

  /** Blanks the texts of every comment of the author; returns their ids. */
  async blankAllOf(authorId: string, tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE comments SET body = '' WHERE author_id = ${authorId}::uuid RETURNING id::text AS id`;
    return rows.map((row) => row.id);
  }

  /**
   * The author of the comment that a reply answers: the comment it was posted to, which is its
   * parent unless the reply was attached higher (see NewCommentRow.repliedToId).
   */
  async answeredAuthorId(replyId: string, tx: Tx): Promise<string | null> {
    const [row] = await tx.$queryRaw<{ authorId: string }[]>`
      SELECT p.author_id::text AS "authorId" FROM comments r
      JOIN comments p ON p.id = COALESCE(r.replied_to_id, r.parent_id) WHERE r.id = ${replyId}::uuid`;
    return row?.authorId ?? null;
  }

  /**
   * Top-level comments of an article in one round trip: the article row (none: null, a 404), the
   * pinned comments on a first page, the page itself (`limit + 1` rows to tell whether more
   * follow) and the viewer's likes on them.
   */
  async pageOfArticle(
    articleId: string,
    sort: CommentSort,
    position: CursorPosition | undefined,
    limit: number,
    viewer: Viewer | undefined,
  ): Promise<PagedComment[] | null> {
    const where = Prisma.sql`c.article_id = ${articleId} AND c.parent_id IS NULL AND NOT c.pinned AND ${visibleTo(viewer)}`;
    const after = position ? keysetAfter(sort, position) : Prisma.sql`TRUE`;
    const page = Prisma.sql`SELECT 1 AS part, row_number() OVER (ORDER BY ${orderBy(sort)}) AS ord, ${COMMENT_COLUMNS}
      FROM comments c WHERE ${where} AND ${after} ORDER BY ${orderBy(sort)} ${limitLiteral(rowsToFetch(limit + 1))}`;
    const parts = position
      ? page
      : Prisma.sql`(${pinnedSql(articleId, viewer)}) UNION ALL (${page})`;
    const liked = viewer ? this.likes.likedBySql(viewer.id, Prisma.sql`x.id`) : Prisma.sql`FALSE`;
    // Prepared: planning this statement cost PostgreSQL twice what running it does.
    const found = await this.sql.queryReadPrepared<PagedComment | { part: null }>(
      'parley_page',
      Prisma.sql`
      SELECT x.*, ${liked} AS "likedByMe" FROM ${this.articles.byIdSql(articleId)} LEFT JOIN LATERAL (${parts}) x ON true
      ORDER BY x.part, x.ord`,
    );
    if (found.length === 0) return null;
    const rows = found.filter((row): row is PagedComment => row.part !== null);
    const pinned = rows.filter((row) => row.part === 0);
    return [...pinned, ...rows.slice(pinned.length, pinned.length + limit + 1)];
  }

  /**
   * What a signed-in reader's first page shows beyond the anonymous one, in one round trip: which
   * of `commentIds` they like, and whether they have a top-level comment on the article waiting
   * for moderation (shown to them in its place).
   */
  async viewerOnPage(
    articleId: string,
    userId: string,
    commentIds: string[],
  ): Promise<{ liked: Set<string>; pending: boolean }> {
    const [row] = await this.sql.queryReadPrepared<{ liked: string[]; pending: boolean }>(
      'parley_viewer_on_page',
      Prisma.sql`
      SELECT ARRAY(SELECT l.comment_id::text FROM comment_likes l
          WHERE l.user_id = ${userId}::uuid AND l.comment_id = ANY(${commentIds}::uuid[])) AS "liked",
        EXISTS (SELECT 1 FROM comments c WHERE c.author_id = ${userId}::uuid
          AND c.article_id = ${articleId} AND c.status = 'pending' AND c.parent_id IS NULL) AS "pending"`,
    );
    return { liked: new Set(row.liked), pending: row.pending };
  }

  /** Direct replies the viewer may see, oldest first (`limit + 1` rows). */
  async replies(
    commentId: string,
    position: CursorPosition | undefined,
    limit: number,
    viewer: Viewer | undefined,
  ): Promise<CommentRecord[]> {
    const after = position ? keysetAfter('oldest', position) : Prisma.sql`TRUE`;
    // Prepared, as the page of top-level comments (see pageOfArticle and limitLiteral).
    const rows = await this.sql.queryReadPrepared<CommentRecord>(
      'parley_replies',
      Prisma.sql`
      SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.parent_id = ${commentId}::uuid AND ${visibleTo(viewer)} AND ${after}
      ORDER BY c.created_at ASC, c.id ASC ${limitLiteral(rowsToFetch(limit + 1))}`,
    );
    return rows.slice(0, limit + 1);
  }

  /** Pending comments, oldest first (`limit + 1` rows). */
  listPending(query: {
    articleId?: string;
    position?: CursorPosition;
    limit: number;
  }): Promise<CommentRecord[]> {
    return this.prisma.$queryRaw<CommentRecord[]>`
      SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.status = 'pending'
      ${query.articleId !== undefined ? Prisma.sql`AND c.article_id = ${query.articleId}` : Prisma.empty}
      ${query.position ? Prisma.sql`AND (c.created_at, c.id) > (${query.position.at}::timestamptz, ${query.position.id}::uuid)` : Prisma.empty}
      ORDER BY c.created_at ASC, c.id ASC LIMIT ${query.limit + 1}`;
  }

  /** Comments with open reports, the longest-reported first (`limit + 1` rows). */
  listReported(query: {
    articleId?: string;
    position?: CursorPosition;
    limit: number;
  }): Promise<CommentRecord[]> {
    return this.prisma.$queryRaw<CommentRecord[]>`
      SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.open_report_count > 0
      ${query.articleId !== undefined ? Prisma.sql`AND c.article_id = ${query.articleId}` : Prisma.empty}
      ${query.position ? Prisma.sql`AND (c.reported_at, c.id) > (${query.position.at}::timestamptz, ${query.position.id}::uuid)` : Prisma.empty}
      ORDER BY c.reported_at ASC, c.id ASC LIMIT ${query.limit + 1}`;
  }

  /** Every comment of the author, oldest first (data export). */
  listByAuthor(authorId: string): Promise<
    {
      id: string;
      articleId: string;
      parentId: string | null;
      body: string;
      status: CommentStatusName;
      pinned: boolean;
      likeCount: number;
      createdAt: Date;
      editedAt: Date | null;
    }[]
  > {
    return this.prisma.comment.findMany({
      where: { authorId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        articleId: true,
        parentId: true,
        body: true,
        status: true,
        pinned: true,
        likeCount: true,
        createdAt: true,
        editedAt: true,
      },
    });
  }

  /** How many comments of the author are in each status, in one query on the author's index. */
  async countByStatusOf(authorId: string): Promise<Record<CommentStatusName, number>> {
    const counts: Record<CommentStatusName, number> = {
      visible: 0,
      pending: 0,
      deleted: 0,
      removed: 0,
    };
    const rows = await this.prisma.$queryRaw<{ status: CommentStatusName; n: number }[]>`
      SELECT status::text AS status, count(*)::int AS n FROM comments
      WHERE author_id = ${authorId}::uuid GROUP BY status`;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /**
   * Every comment of the author in any status, newest first (`limit + 1` rows), on the
   * (author_id, created_at, id) index: the moderator's history of a user.
   */
  historyOf(
    authorId: string,
    position: CursorPosition | undefined,
    limit: number,
  ): Promise<CommentRecord[]> {
    const after = position ? keysetAfter('newest', position) : Prisma.sql`TRUE`;
    return this.prisma.$queryRaw<CommentRecord[]>`
      SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.author_id = ${authorId}::uuid AND ${after}
      ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit + 1}`;
  }
}

function matching(filter: CommentFilter): Prisma.Sql {
  return 'id' in filter
    ? Prisma.sql`c.id = ${filter.id}::uuid`
    : Prisma.sql`c.author_id = ${filter.authorId}::uuid`;
}

/**
 * Which comments a viewer sees: visible ones; deleted or removed ones while they have shown
 * replies (as placeholders, see isShown); pending ones only by their author and staff.
 */
function visibleTo(viewer: Viewer | undefined): Prisma.Sql {
  const open = Prisma.sql`c.status = 'visible' OR (c.status IN ('deleted', 'removed') AND c.reply_count > 0)`;
  if (!viewer) return Prisma.sql`(${open})`;
  if (viewer.staff) return Prisma.sql`(${open} OR c.status = 'pending')`;
  return Prisma.sql`(${open} OR (c.status = 'pending' AND c.author_id = ${viewer.id}::uuid))`;
}

function pinnedSql(articleId: string, viewer: Viewer | undefined): Prisma.Sql {
  return Prisma.sql`SELECT 0 AS part, row_number() OVER (ORDER BY c.created_at DESC, c.id DESC) AS ord, ${COMMENT_COLUMNS}
    FROM comments c WHERE c.article_id = ${articleId} AND c.pinned AND ${visibleTo(viewer)}
    ORDER BY c.created_at DESC, c.id DESC ${limitLiteral(MAX_PINNED_SHOWN)}`;
}

function keysetAfter(sort: CommentSort, at: CursorPosition): Prisma.Sql {
  if (sort === 'oldest')
    return Prisma.sql`(c.created_at, c.id) > (${at.at}::timestamptz, ${at.id}::uuid)`;
  if (sort === 'newest')
    return Prisma.sql`(c.created_at, c.id) < (${at.at}::timestamptz, ${at.id}::uuid)`;
  return Prisma.sql`(c.like_count, c.created_at, c.id) < (${at.likes ?? 0}::int, ${at.at}::timestamptz, ${at.id}::uuid)`;
}

function orderBy(sort: CommentSort): Prisma.Sql {
  if (sort === 'oldest') return Prisma.sql`c.created_at ASC, c.id ASC`;
  if (sort === 'newest') return Prisma.sql`c.created_at DESC, c.id DESC`;
  return Prisma.sql`c.like_count DESC, c.created_at DESC, c.id DESC`;
}

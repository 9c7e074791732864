import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@parley/database';
import { DomainError } from '@parley/errors';
import { ArticleVersions } from './article-versions.service';
import { COMMENT_COLUMNS, CommentRecord, CommentStatusName, isUuid } from './comment-record';

type Db = Prisma.TransactionClient | PrismaService;

interface ChangedRow {
  id: string;
  articleId: string;
  parentId: string | null;
  previous: CommentStatusName;
}

/**
 * Reads comment rows and changes their status with the counters that depend on it
 * (article `comment_count`, parent `reply_count`: visible comments only), in the caller's
 * transaction. Status changes are conditional, so two racing changes make one.
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
    private readonly versions: ArticleVersions,
  ) {}

  async transaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    const touched = new Set<string>();
    const result = await this.prisma.$transaction((tx) => {
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

  async find(id: string, db: Db = this.prisma, lock = false): Promise<CommentRecord | null> {
    if (!isUuid(id)) return null;
    const rows = await db.$queryRaw<CommentRecord[]>`SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.id = ${id}::uuid ${lock ? Prisma.sql`FOR NO KEY UPDATE` : Prisma.empty}`;
    return rows[0] ?? null;
  }

  async get(id: string, db: Db = this.prisma, lock = false): Promise<CommentRecord> {
    const comment = await this.find(id, db, lock);
    if (!comment) throw new DomainError('comment_not_found', 'No such comment');
    return comment;
  }

  /** Moves the matching comments whose status is one of `from` to `to`; returns how many moved. */
  async transition(tx: Prisma.TransactionClient, where: Prisma.Sql, from: CommentStatusName[], to: CommentStatusName, extraSet: Prisma.Sql = Prisma.empty): Promise<ChangedRow[]> {
    const rows = await tx.$queryRaw<ChangedRow[]>`
      WITH target AS (
        SELECT c.id, c.status FROM comments c WHERE ${where} AND c.status::text = ANY(${from}::text[]) ORDER BY c.id FOR NO KEY UPDATE
      )
      UPDATE comments u SET status = ${to}::"CommentStatus" ${extraSet}
      FROM target t WHERE u.id = t.id
      RETURNING u.id::text AS "id", u.article_id AS "articleId", u.parent_id::text AS "parentId", t.status::text AS "previous"`;
    this.touch(tx, rows.map((row) => row.articleId));
    const delta = (row: ChangedRow) => (to === 'visible' ? 1 : 0) - (row.previous === 'visible' ? 1 : 0);
    await this.applyDeltas(tx, rows.map((row) => ({ ...row, delta: delta(row) })));
    return rows;
  }

  /** Adds each row's delta to its article's comment count and its parent's reply count. */
  async applyDeltas(tx: Prisma.TransactionClient, rows: { articleId: string; parentId: string | null; delta: number }[]): Promise<void> {
    this.touch(tx, rows.map((row) => row.articleId));
    const byArticle = sum(rows.map((row) => [row.articleId, row.delta]));
    const byParent = sum(rows.filter((row) => row.parentId !== null).map((row) => [row.parentId as string, row.delta]));
    if (byArticle.size > 0) {
      await tx.$executeRaw`UPDATE articles a SET comment_count = a.comment_count + d.n
        FROM unnest(${[...byArticle.keys()]}::text[], ${[...byArticle.values()]}::int[]) AS d(id, n) WHERE a.id = d.id`;
    }
    if (byParent.size > 0) {
      await tx.$executeRaw`UPDATE comments p SET reply_count = p.reply_count + d.n
        FROM unnest(${[...byParent.keys()]}::uuid[], ${[...byParent.values()]}::int[]) AS d(id, n) WHERE p.id = d.id`;
    }
  }
}

function sum(entries: [string, number][]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [key, n] of entries) totals.set(key, (totals.get(key) ?? 0) + n);
  for (const [key, n] of totals) if (n === 0) totals.delete(key);
  return totals;
}

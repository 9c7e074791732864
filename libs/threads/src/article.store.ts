import { Injectable } from '@nestjs/common';
import { Prisma, SqlClient, Tx } from '@parley/database';
import type { ArticleInput } from './article-input';
import type { ArticleWithCount } from './article-record';

/**
 * How many shard rows an article's comment count is spread over (the table's check constraint
 * says the same). Each change adds to one shard picked at random, so concurrent posts to one busy
 * article mostly lock different rows: with a single counter row, each posting transaction held
 * that row's lock through its commit's WAL flush and the posts committed one flush at a time.
 */
export const COMMENT_COUNT_SHARDS = 16;

/** Visible comments of `articles a`: the sum of its shards (at most 16 rows of one index range). */
const ARTICLE_COMMENT_COUNT = Prisma.sql`COALESCE((SELECT sum(s.n) FROM article_comment_counts s WHERE s.article_id = a.id), 0)::int`;

/** Who may post and when (the comment policy), for queries on `articles a`. */
const ARTICLE_POLICY_COLUMNS = Prisma.sql`a.audience::text AS "audience", a.plans, a.closes_at AS "closesAt",
  a.slow_mode_seconds AS "slowModeSeconds", a.premoderated_until AS "premoderatedUntil"`;

/** The columns of an ArticleWithCount, for queries on `articles a`. */
const ARTICLE_COLUMNS = Prisma.sql`a.id, a.title, a.url, a.state::text AS "state", a.moderation::text AS "moderation",
  ${ARTICLE_COMMENT_COUNT} AS "commentCount", a.created_at AS "createdAt", a.updated_at AS "updatedAt", ${ARTICLE_POLICY_COLUMNS}`;

/**
 * Adds the rows' `n` to a shard of their article's comment count picked at random (see
 * COMMENT_COUNT_SHARDS): a first change on a shard creates its row, later ones add to it.
 */
const INTO_RANDOM_SHARD = Prisma.sql`INSERT INTO article_comment_counts AS s (article_id, shard, n)`;
const RANDOM_SHARD = Prisma.raw(`floor(random() * ${COMMENT_COUNT_SHARDS})::smallint`);
const ADD_TO_SHARD = Prisma.sql`ON CONFLICT (article_id, shard) DO UPDATE SET n = s.n + EXCLUDED.n`;

/**
 * `articles` and `article_comment_counts` (the articles aggregate). Reads outside a transaction
 * run on SqlClient: the article is read before every post, like and report.
 */
@Injectable()
export class ArticleStore {
  constructor(private readonly sql: SqlClient) {}

  /** One article with its count; `id` must be well-formed (the caller checks). */
  async find(id: string): Promise<ArticleWithCount | null> {
    const [article] = await this.sql.queryReadPrepared<ArticleWithCount>(
      'parley_article',
      Prisma.sql`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ${id}`,
    );
    return article ?? null;
  }

  /**
   * find(), with `extras` (scalar subqueries of other stores, such as the reader's login and
   * grants) as columns of the same statement, on the primary: what a write checks, in one round
   * trip. The extras are read whether or not the article exists (`article` null then): a write
   * checks the login before it answers 404. `id` may be a subquery (the article of a comment).
   */
  async findWith<K extends string>(
    id: string | null | Prisma.Sql,
    extras: Record<K, Prisma.Sql>,
  ): Promise<{ article: ArticleWithCount | null; extras: Record<K, unknown> }> {
    const names = Object.keys(extras) as K[];
    const aliasOf = (name: K) => {
      if (!/^[a-z][A-Za-z]*$/.test(name)) throw new Error(`Extra column name: ${name}`);
      return `extra_${name}`;
    };
    const [row] = await this.sql.queryPrepared<Record<string, unknown>>(
      'parley_article_with',
      Prisma.sql`SELECT ${ARTICLE_COLUMNS}, ${Prisma.join(names.map((name) => Prisma.sql`${extras[name]} AS ${Prisma.raw(`"${aliasOf(name)}"`)}`))}
      FROM (SELECT 1) AS one LEFT JOIN articles a ON a.id = ${id}`,
    );
    const columns = { ...row };
    const found = {} as Record<K, unknown>;
    for (const name of names) {
      found[name] = columns[aliasOf(name)];
      delete columns[aliasOf(name)];
    }
    return {
      article: columns.id === null ? null : (columns as unknown as ArticleWithCount),
      extras: found,
    };
  }

  /** Comment counts of the known ones among `ids`, in no particular order (one indexed query). */
  counts(ids: string[]): Promise<{ id: string; commentCount: number }[]> {
    return this.sql.queryRead<{ id: string; commentCount: number }>(Prisma.sql`
      SELECT a.id, ${ARTICLE_COMMENT_COUNT} AS "commentCount" FROM articles a WHERE a.id = ANY(${ids}::text[])`);
  }

  /**
   * The article, locked until the transaction ends (FOR UPDATE): two racing PUTs of one article
   * read each other's result, never the same previous row.
   */
  async lock(tx: Tx, id: string): Promise<ArticleWithCount | null> {
    const [article] = await tx.$queryRaw<ArticleWithCount[]>`
      SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ${id} FOR UPDATE`;
    return article ?? null;
  }

  /**
   * Creates the article unless it exists (then null: a racing PUT created it, and this statement
   * waited for that one to commit). Nothing can have been counted on a row that did not exist.
   */
  async create(tx: Tx, id: string, input: ArticleInput): Promise<ArticleWithCount | null> {
    const [article] = await tx.$queryRaw<ArticleWithCount[]>`
      INSERT INTO articles AS a (id, title, url, state, moderation, audience, plans, closes_at, slow_mode_seconds, updated_at)
      VALUES (${id}, ${input.title}, ${input.url ?? null}, ${input.state ?? 'open'}::"ArticleState",
        ${input.moderation ?? 'post'}::"ModerationMode", ${input.audience ?? 'subscribers'}::"ArticleAudience",
        ${input.plans ?? []}::text[], ${input.closesAt ?? null}, ${input.slowModeSeconds ?? 0}, now())
      ON CONFLICT (id) DO NOTHING
      RETURNING a.id, a.title, a.url, a.state::text AS "state", a.moderation::text AS "moderation",
        0 AS "commentCount", a.created_at AS "createdAt", a.updated_at AS "updatedAt", ${ARTICLE_POLICY_COLUMNS}`;
    return article ?? null;
  }

  /** Sets the title and the fields given (an omitted optional field keeps its value). */
  async update(tx: Tx, id: string, input: ArticleInput): Promise<ArticleWithCount> {
    await tx.article.update({
      where: { id },
      data: {
        title: input.title,
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.state !== undefined ? { state: input.state } : {}),
        ...(input.moderation !== undefined ? { moderation: input.moderation } : {}),
        ...(input.audience !== undefined ? { audience: input.audience } : {}),
        ...(input.plans !== undefined ? { plans: input.plans } : {}),
        ...(input.closesAt !== undefined ? { closesAt: input.closesAt } : {}),
        ...(input.slowModeSeconds !== undefined ? { slowModeSeconds: input.slowModeSeconds } : {}),
      },
    });
    const [article] = await tx.$queryRaw<ArticleWithCount[]>`
      SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ${id}`;
    return article;
  }

  /**
   * Surge protection: pre-moderates the article until `until` unless it already is; true when
   * this call switched it (so the switch is audited once however many posts race to it).
   */
  async premoderateUntil(tx: Tx, id: string, until: Date): Promise<boolean> {
    const switched = await tx.$executeRaw`
      UPDATE articles SET premoderated_until = ${until}
      WHERE id = ${id} AND (premoderated_until IS NULL OR premoderated_until <= now())`;
    return switched > 0;
  }

  /**
   * The article as a one-row FROM item `a` (none when it does not exist), for a statement of
   * another store that answers 404 and its page in one round trip.
   */
  byIdSql(id: string): Prisma.Sql {
    return Prisma.sql`(SELECT a.id FROM articles a WHERE a.id = ${id}) a`;
  }

  /**
   * The part of a comment's INSERT statement that counts it on its article: `source` names the
   * statement's CTE holding the inserted row (its `article_id`).
   */
  countInsertedSql(source: string): Prisma.Sql {
    return Prisma.sql`${INTO_RANDOM_SHARD} SELECT article_id, ${RANDOM_SHARD}, 1 FROM ${Prisma.raw(source)} ${ADD_TO_SHARD}`;
  }

  /**
   * Adds each article's delta to one random shard of its count. Articles are counted in id order,
   * so two transactions touching the same articles lock their shard rows in the same order and
   * cannot deadlock on them.
   */
  async addToCommentCounts(tx: Tx, byArticle: Map<string, number>): Promise<void> {
    if (byArticle.size === 0) return;
    await tx.$executeRaw`${INTO_RANDOM_SHARD}
      SELECT d.id, ${RANDOM_SHARD}, d.n FROM unnest(${[...byArticle.keys()]}::text[], ${[...byArticle.values()]}::int[]) AS d(id, n)
      ORDER BY d.id ${ADD_TO_SHARD}`;
  }
}

import { Article, Prisma } from '@parley/database';

/** An article as this lib's services return it: its row and its public comment count. */
export type ArticleWithCount = Article & { commentCount: number };

/**
 * How many shard rows an article's comment count is spread over (the table's check constraint
 * says the same). Each change adds to one shard picked at random, so concurrent posts to one busy
 * article mostly lock different rows: with a single counter row, each posting transaction held
 * that row's lock through its commit's WAL flush and the posts committed one flush at a time.
 */
export const COMMENT_COUNT_SHARDS = 16;

/** Visible comments of `articles a`: the sum of its shards (at most 16 rows of one index range). */
export const ARTICLE_COMMENT_COUNT = Prisma.sql`COALESCE((SELECT sum(s.n) FROM article_comment_counts s WHERE s.article_id = a.id), 0)::int`;

/** The columns of an ArticleWithCount, for raw queries on `articles a`. */
export const ARTICLE_COLUMNS = Prisma.sql`a.id, a.title, a.url, a.state::text AS "state", a.moderation::text AS "moderation",
  ${ARTICLE_COMMENT_COUNT} AS "commentCount", a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

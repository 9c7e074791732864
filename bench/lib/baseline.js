'use strict';
/**
 * The bare baseline: node:http + pg, answering GET /api/v1/articles/:id/comments (first page,
 * newest, limit from the query) with the queries the service makes for an anonymous reader:
 * the article, the keyset page and the pinned comments, the authors and their subscriber
 * badges. No framework, no validation, no logging: the practical ceiling for Node here.
 * Run as its own process: PORT, DATABASE_URL, DATABASE_POOL_SIZE.
 */
const http = require('node:http');
const { Pool } = require('pg');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const COLUMNS = `c.id::text AS "id", c.article_id AS "articleId", c.parent_id::text AS "parentId", c.depth, c.author_id::text AS "authorId",
  c.body, c.status::text AS "status", c.pinned, c.like_count AS "likeCount", c.reply_count AS "replyCount", c.created_at AS "createdAt", c.edited_at AS "editedAt"`;
const VISIBLE = `(c.status = 'visible' OR (c.status IN ('deleted', 'removed') AND c.reply_count > 0))`;
// ArticlesService.get's statement (libs/threads/src/article-record.ts): the comment count is the
// sum of the article's shard rows.
const ARTICLE = `SELECT a.id, a.title, a.url, a.state::text AS "state", a.moderation::text AS "moderation",
  COALESCE((SELECT sum(s.n) FROM article_comment_counts s WHERE s.article_id = a.id), 0)::int AS "commentCount",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt" FROM articles a WHERE a.id = $1`;

async function firstPage(articleId, limit) {
  const article = await pool.query(ARTICLE, [articleId]);
  if (article.rowCount === 0) return null;
  const [page, pinned] = await Promise.all([
    pool.query(
      `SELECT ${COLUMNS} FROM comments c WHERE c.article_id = $1 AND c.parent_id IS NULL AND NOT c.pinned AND ${VISIBLE}
      ORDER BY c.created_at DESC, c.id DESC LIMIT $2`,
      [articleId, limit + 1],
    ),
    pool.query(
      `SELECT ${COLUMNS} FROM comments c WHERE c.article_id = $1 AND c.pinned AND ${VISIBLE} ORDER BY c.created_at DESC, c.id DESC LIMIT 20`,
      [articleId],
    ),
  ]);
  const rows = [...pinned.rows, ...page.rows.slice(0, limit)];
  const authorIds = [
    ...new Set(
      rows.filter((r) => r.status === 'visible' || r.status === 'pending').map((r) => r.authorId),
    ),
  ];
  const [profiles, badges] = await Promise.all([
    pool.query(
      'SELECT id::text, display_name, role FROM users WHERE id = ANY($1::uuid[]) AND erased_at IS NULL',
      [authorIds],
    ),
    pool.query(
      `SELECT user_id::text FROM stripe_subscriptions WHERE user_id = ANY($1::uuid[]) AND status IN ('active', 'trialing', 'past_due')
        AND (NOT cancel_at_period_end OR current_period_end IS NULL OR current_period_end > now())
      UNION SELECT user_id::text FROM complimentary_grants WHERE user_id = ANY($1::uuid[]) AND (until IS NULL OR until > now())`,
      [authorIds],
    ),
  ]);
  const byId = new Map(profiles.rows.map((p) => [p.id, p]));
  const subscribers = new Set(badges.rows.map((b) => b.user_id));
  const last = page.rows.length > limit ? page.rows[limit - 1] : null;
  return {
    items: rows.map((r) => {
      const p = byId.get(r.authorId);
      const hidden = r.status === 'deleted' || r.status === 'removed';
      const badge =
        p &&
        (p.role === 'admin' || p.role === 'moderator'
          ? 'staff'
          : subscribers.has(p.id)
            ? 'subscriber'
            : null);
      return {
        id: r.id,
        articleId: r.articleId,
        parentId: r.parentId,
        depth: r.depth,
        author: hidden || !p ? null : { id: p.id, displayName: p.display_name, badge },
        body: hidden ? null : r.body,
        status: r.status,
        createdAt: r.createdAt,
        editedAt: r.editedAt,
        likeCount: r.likeCount,
        replyCount: r.replyCount,
        likedByMe: false,
        pinned: r.pinned,
      };
    }),
    nextCursor: last
      ? Buffer.from(
          JSON.stringify({ k: 'newest', t: last.createdAt.toISOString(), i: last.id }),
        ).toString('base64url')
      : null,
  };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://baseline');
  const match = /^\/api\/v1\/articles\/([^/]+)\/comments$/.exec(url.pathname);
  if (!match) {
    res.writeHead(404).end();
    return;
  }
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
  firstPage(decodeURIComponent(match[1]), limit).then(
    (page) => {
      const body = JSON.stringify(page ?? { statusCode: 404, code: 'article_not_found' });
      res.writeHead(page ? 200 : 404, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    },
    (error) => {
      process.stderr.write(`baseline: ${error.message}\n`);
      res.writeHead(500).end();
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));

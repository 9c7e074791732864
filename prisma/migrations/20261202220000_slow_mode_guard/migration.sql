-- Hand-written: slow mode held against racing posts (see CommentStore.insert). The comment's own
-- INSERT statement calls this before it claims anything, so no transaction or round trip is
-- added. It waits for the (poster, article) transaction-level advisory lock, which the statement's
-- transaction holds until it commits or rolls back (on every instance, through a
-- transaction-mode PgBouncer too), then looks for the poster's comments on the article within the
-- last `seconds` in a query of its own: a VOLATILE function's queries each take a fresh snapshot,
-- so it sees the comment of every post that held the lock before. Finding one, it aborts the
-- statement with SQLSTATE PA429 (nothing of the post is written). A hashtext collision only queues
-- two pairs' posts behind each other; what is read under the lock is the exact pair's.
CREATE FUNCTION "slow_mode_guard"(poster uuid, on_article text, seconds integer) RETURNS boolean
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1885434483, hashtext(poster::text || '/' || on_article));
  IF EXISTS (
    SELECT 1 FROM comments c
    WHERE c.author_id = poster AND c.article_id = on_article
      AND c.created_at > now() - make_interval(secs => seconds)
  ) THEN
    RAISE EXCEPTION 'slow mode: a comment by % on % within % s', poster, on_article, seconds
      USING ERRCODE = 'PA429';
  END IF;
  RETURN true;
END
$$;

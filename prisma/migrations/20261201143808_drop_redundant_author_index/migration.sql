-- DropIndex
-- Hand-written note: (author_id) alone is served by the two indexes that lead with it
-- (comments_author_recent_idx, comments_author_article_idx). Every comment written, and every
-- like (like_count is indexed, so its update rewrites every index entry), paid for a third.
DROP INDEX "comments_author_id_idx";

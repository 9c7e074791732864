-- Duplicate comments (409 duplicate_comment): one row per (user, article, SHA-256 of the trimmed
-- body) posted in the last 10 minutes. A post claims its row in the same statement that inserts
-- the comment (INSERT ... ON CONFLICT DO UPDATE ... WHERE the row is older than 10 minutes), so two
-- identical posts at the same instant meet on the primary key and one of them claims it.
-- No foreign keys: rows are only meaningful for 10 minutes and are swept after that, and the hot
-- path of posting should not pay for the checks.

-- CreateTable
CREATE TABLE "comment_body_claims" (
    "user_id" UUID NOT NULL,
    "article_id" TEXT NOT NULL,
    "body_hash" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_body_claims_pkey" PRIMARY KEY ("user_id","article_id","body_hash")
);

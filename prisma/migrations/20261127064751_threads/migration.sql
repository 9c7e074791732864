-- CreateEnum
CREATE TYPE "ArticleState" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "ModerationMode" AS ENUM ('post', 'pre');

-- CreateEnum
CREATE TYPE "CommentStatus" AS ENUM ('visible', 'pending', 'deleted', 'removed');

-- CreateEnum
CREATE TYPE "ReportReason" AS ENUM ('spam', 'abuse', 'off_topic', 'other');

-- CreateEnum
CREATE TYPE "ReportState" AS ENUM ('open', 'resolved');

-- CreateTable
CREATE TABLE "articles" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "state" "ArticleState" NOT NULL DEFAULT 'open',
    "moderation" "ModerationMode" NOT NULL DEFAULT 'post',
    "comment_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "articles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comments" (
    "id" UUID NOT NULL,
    "article_id" TEXT NOT NULL,
    "parent_id" UUID,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "status" "CommentStatus" NOT NULL,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "like_count" INTEGER NOT NULL DEFAULT 0,
    "reply_count" INTEGER NOT NULL DEFAULT 0,
    "open_report_count" INTEGER NOT NULL DEFAULT 0,
    "reported_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "edited_at" TIMESTAMPTZ(3),

    CONSTRAINT "comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment_likes" (
    "comment_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_likes_pkey" PRIMARY KEY ("comment_id","user_id")
);

-- CreateTable
CREATE TABLE "comment_reports" (
    "id" UUID NOT NULL,
    "comment_id" UUID NOT NULL,
    "reporter_id" UUID NOT NULL,
    "reason" "ReportReason" NOT NULL,
    "note" TEXT,
    "state" "ReportState" NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment_revisions" (
    "id" UUID NOT NULL,
    "comment_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment_idempotency_keys" (
    "user_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "comment_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_idempotency_keys_pkey" PRIMARY KEY ("user_id","key")
);

-- CreateTable
CREATE TABLE "banned_words" (
    "word" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "banned_words_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "comments_author_id_idx" ON "comments"("author_id");

-- CreateIndex
CREATE INDEX "comment_likes_user_id_idx" ON "comment_likes"("user_id");

-- CreateIndex
CREATE INDEX "comment_reports_reporter_id_idx" ON "comment_reports"("reporter_id");

-- CreateIndex
CREATE UNIQUE INDEX "comment_reports_comment_id_reporter_id_key" ON "comment_reports"("comment_id", "reporter_id");

-- CreateIndex
CREATE INDEX "comment_revisions_comment_id_created_at_idx" ON "comment_revisions"("comment_id", "created_at");

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment_likes" ADD CONSTRAINT "comment_likes_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment_revisions" ADD CONSTRAINT "comment_revisions_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: cross-domain foreign keys (users belong to libs/identity).
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "comment_likes" ADD CONSTRAINT "comment_likes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "comment_idempotency_keys" ADD CONSTRAINT "comment_idempotency_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "comment_idempotency_keys" ADD CONSTRAINT "comment_idempotency_keys_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: rules the database keeps whatever the code does.
ALTER TABLE "articles" ADD CONSTRAINT "articles_id_shape" CHECK ("id" ~ '^[A-Za-z0-9._:/-]{1,200}$');
ALTER TABLE "articles" ADD CONSTRAINT "articles_comment_count_nonnegative" CHECK ("comment_count" >= 0);
ALTER TABLE "comments" ADD CONSTRAINT "comments_depth_range" CHECK ("depth" BETWEEN 0 AND 3);
ALTER TABLE "comments" ADD CONSTRAINT "comments_depth_parent" CHECK (("depth" = 0) = ("parent_id" IS NULL));
ALTER TABLE "comments" ADD CONSTRAINT "comments_counts_nonnegative" CHECK ("like_count" >= 0 AND "reply_count" >= 0 AND "open_report_count" >= 0);
ALTER TABLE "comments" ADD CONSTRAINT "comments_pinned_top_level" CHECK (NOT "pinned" OR "parent_id" IS NULL);
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_note_length" CHECK (char_length("note") <= 500);

-- Hand-written: keyset indexes. Top-level, unpinned comments per article serve `newest` and
-- `oldest` (one index, scanned either way) and `top` (like_count, created_at, id); pinned ones are
-- read apart, through their own small index. Replies page by (parent_id, created_at, id).
CREATE INDEX "comments_top_level_recent_idx" ON "comments" ("article_id", "created_at", "id") WHERE "parent_id" IS NULL AND NOT "pinned";
CREATE INDEX "comments_top_level_top_idx" ON "comments" ("article_id", "like_count", "created_at", "id") WHERE "parent_id" IS NULL AND NOT "pinned";
CREATE INDEX "comments_pinned_idx" ON "comments" ("article_id", "created_at", "id") WHERE "pinned";
CREATE INDEX "comments_replies_idx" ON "comments" ("parent_id", "created_at", "id") WHERE "parent_id" IS NOT NULL;
-- Moderation queues: pending comments, and comments with open reports, oldest first.
CREATE INDEX "comments_pending_idx" ON "comments" ("created_at", "id") WHERE "status" = 'pending';
CREATE INDEX "comments_pending_article_idx" ON "comments" ("article_id", "created_at", "id") WHERE "status" = 'pending';
CREATE INDEX "comments_reported_idx" ON "comments" ("reported_at", "id") WHERE "open_report_count" > 0;
CREATE INDEX "comments_reported_article_idx" ON "comments" ("article_id", "reported_at", "id") WHERE "open_report_count" > 0;
-- Reports of one comment (counts by reason, latest notes).
CREATE INDEX "comment_reports_open_idx" ON "comment_reports" ("comment_id", "created_at") WHERE "state" = 'open';

-- CreateEnum
CREATE TYPE "ArticleAudience" AS ENUM ('subscribers', 'registered', 'plans', 'staff');

-- CreateEnum
CREATE TYPE "HoldReason" AS ENUM ('new_commenter', 'link', 'banned_word', 'score', 'surge', 'user_premoderated', 'article_premoderated');

-- CreateEnum
CREATE TYPE "BannedWordAction" AS ENUM ('hold', 'refuse');

-- AlterTable
ALTER TABLE "moderation_actions" ALTER COLUMN "actor_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "articles" ADD COLUMN     "audience" "ArticleAudience" NOT NULL DEFAULT 'subscribers',
ADD COLUMN     "closes_at" TIMESTAMPTZ(3),
ADD COLUMN     "plans" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "premoderated_until" TIMESTAMPTZ(3),
ADD COLUMN     "slow_mode_seconds" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "hold_reason" "HoldReason",
ADD COLUMN     "score" REAL;

-- AlterTable
ALTER TABLE "banned_words" ADD COLUMN     "action" "BannedWordAction" NOT NULL DEFAULT 'hold';

-- CreateTable
CREATE TABLE "posting_policies" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "new_commenter_premoderation" INTEGER NOT NULL DEFAULT 0,
    "hold_links" BOOLEAN NOT NULL DEFAULT false,
    "surge_comments_per_minute" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "posting_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "premoderated_users" (
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "premoderated_users_pkey" PRIMARY KEY ("user_id")
);

-- Hand-written: the rules the code relies on.
ALTER TABLE "articles" ALTER COLUMN "plans" SET NOT NULL;
ALTER TABLE "articles" ADD CONSTRAINT "articles_slow_mode_range" CHECK ("slow_mode_seconds" BETWEEN 0 AND 3600);
ALTER TABLE "articles" ADD CONSTRAINT "articles_plans_listed" CHECK ("audience" <> 'plans' OR cardinality("plans") > 0);
ALTER TABLE "comments" ADD CONSTRAINT "comments_score_range" CHECK ("score" BETWEEN 0 AND 1);
ALTER TABLE "posting_policies" ADD CONSTRAINT "posting_policies_one_row" CHECK ("id" = 1);
ALTER TABLE "posting_policies" ADD CONSTRAINT "posting_policies_ranges" CHECK (
  "new_commenter_premoderation" BETWEEN 0 AND 1000 AND "surge_comments_per_minute" BETWEEN 0 AND 100000);
ALTER TABLE "premoderated_users" ADD CONSTRAINT "premoderated_users_user_id_fkey"
  FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;
-- The posting rules' reads: a user's latest comment on an article (slow mode) and an article's
-- comments of the last minute (surge).
CREATE INDEX "comments_author_article_idx" ON "comments" ("author_id", "article_id", "created_at");
CREATE INDEX "comments_article_recent_idx" ON "comments" ("article_id", "created_at");

-- New audit actions: the site policy, per-user pre-moderation, surge protection (actor null).
ALTER TABLE "moderation_actions" DROP CONSTRAINT "moderation_actions_action_known";
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_action_known" CHECK ("action" IN (
  'comment.approve', 'comment.reject', 'comment.pin', 'comment.unpin',
  'user.suspend', 'user.ban', 'user.unban', 'user.role', 'user.complimentary.grant', 'user.complimentary.revoke',
  'banned_words.replace', 'article.update', 'policy.update', 'user.premoderate', 'article.surge'));

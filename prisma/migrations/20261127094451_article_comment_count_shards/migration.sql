-- CreateTable
CREATE TABLE "article_comment_counts" (
    "article_id" TEXT NOT NULL,
    "shard" SMALLINT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "article_comment_counts_pkey" PRIMARY KEY ("article_id","shard")
);

-- AddForeignKey
ALTER TABLE "article_comment_counts" ADD CONSTRAINT "article_comment_counts_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: an article's comment count is now the sum of up to 16 shard rows, each change
-- adding to one shard picked at random, so concurrent posts to one busy article no longer queue
-- on the single articles row lock held through every commit's WAL flush. A shard may go negative
-- (a removal counted on another shard than the post); only the sum means anything.
ALTER TABLE "article_comment_counts" ADD CONSTRAINT "article_comment_counts_shard_range" CHECK ("shard" BETWEEN 0 AND 15);

-- Hand-written: the existing counts move to shard 0, then the old column goes (one source of
-- truth; its non-negative check goes with it).
INSERT INTO "article_comment_counts" ("article_id", "shard", "n")
SELECT "id", 0, "comment_count" FROM "articles" WHERE "comment_count" <> 0;

-- AlterTable
ALTER TABLE "articles" DROP COLUMN "comment_count";

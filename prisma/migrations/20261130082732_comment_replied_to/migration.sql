-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "replied_to_id" UUID;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_replied_to_id_fkey" FOREIGN KEY ("replied_to_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The reply digest finds replies by the comment they answer; only re-attached replies set it.
CREATE INDEX "comments_replied_to_idx" ON "comments" ("replied_to_id") WHERE "replied_to_id" IS NOT NULL;

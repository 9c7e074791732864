-- CreateTable
CREATE TABLE "reply_notices" (
    "reply_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "article_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mail_id" UUID,
    "skipped" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "reply_notices_pkey" PRIMARY KEY ("reply_id","recipient_id")
);

-- CreateIndex
CREATE INDEX "reply_notices_recipient_id_article_id_idx" ON "reply_notices"("recipient_id", "article_id");

-- Hand-written: only taken rows are indexed by their message (a re-claim on a retry, the cascade
-- when the message is deleted) and by age (retention), so the reply's INSERT, which leaves
-- mail_id null, maintains neither index.
CREATE INDEX "reply_notices_mail_id_idx" ON "reply_notices"("mail_id") WHERE "mail_id" IS NOT NULL;
CREATE INDEX "reply_notices_taken_created_at_idx" ON "reply_notices"("created_at") WHERE "mail_id" IS NOT NULL;

-- Hand-written: a notice goes with its reply, its reader and the message that took it.
ALTER TABLE "reply_notices" ADD CONSTRAINT "reply_notices_reply_id_fkey" FOREIGN KEY ("reply_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "reply_notices" ADD CONSTRAINT "reply_notices_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "reply_notices" ADD CONSTRAINT "reply_notices_mail_id_fkey" FOREIGN KEY ("mail_id") REFERENCES "outbox_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: reply mails still waiting were batched by time (replies to the reader's comments
-- on the article created since `since`); their replies become notices, so they are mailed.
INSERT INTO "reply_notices" ("reply_id", "recipient_id", "article_id", "created_at")
SELECT r."id", p."author_id", r."article_id", r."created_at"
FROM "outbox_messages" m
JOIN "comments" p ON p."author_id" = (m."payload"->>'recipientId')::uuid
  AND p."article_id" = m."payload"->>'articleId'
JOIN "comments" r ON r."parent_id" = p."id"
WHERE m."channel" = 'notification' AND m."kind" = 'reply' AND m."state" = 'pending'
  AND r."status" = 'visible' AND r."author_id" <> p."author_id"
  AND r."created_at" >= (m."payload"->>'since')::timestamptz
ON CONFLICT DO NOTHING;

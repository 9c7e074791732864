-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "subject_id" UUID;

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failing_since" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),
    "disabled_reason" TEXT,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_endpoints_created_at_id_idx" ON "webhook_endpoints"("created_at", "id");

-- CreateIndex
CREATE INDEX "outbox_messages_subject_id_created_at_id_idx" ON "outbox_messages"("subject_id", "created_at" DESC, "id" DESC);

-- What must never break, whatever code writes the row.
ALTER TABLE "webhook_endpoints"
  ADD CONSTRAINT "webhook_endpoints_events_present" CHECK (cardinality("events") > 0),
  ADD CONSTRAINT "webhook_endpoints_secret_format" CHECK ("secret" LIKE 'whsec\_%'),
  ADD CONSTRAINT "webhook_endpoints_url_length" CHECK (char_length("url") <= 2048),
  ADD CONSTRAINT "webhook_endpoints_disabled_with_reason" CHECK (("disabled_at" IS NULL) = ("disabled_reason" IS NULL));

-- Registering and deleting an endpoint are audited.
ALTER TABLE "moderation_actions" DROP CONSTRAINT "moderation_actions_action_known";
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_action_known" CHECK ("action" IN (
  'comment.approve', 'comment.reject', 'comment.pin', 'comment.unpin',
  'user.suspend', 'user.ban', 'user.unban', 'user.role', 'user.complimentary.grant', 'user.complimentary.revoke',
  'banned_words.replace', 'article.update', 'webhook.create', 'webhook.delete',
  'policy.update', 'user.premoderate', 'article.surge'));

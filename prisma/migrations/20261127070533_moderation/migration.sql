-- CreateTable
CREATE TABLE "moderation_actions" (
    "id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "reason_code" TEXT,
    "reason" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderation_actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "moderation_actions_created_at_id_idx" ON "moderation_actions"("created_at" DESC, "id" DESC);

-- Hand-written: cross-domain foreign key (users belong to libs/identity; erasure keeps the row).
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: rules the database keeps whatever the code does.
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_action_known" CHECK ("action" IN (
  'comment.approve', 'comment.reject', 'comment.pin', 'comment.unpin',
  'user.suspend', 'user.ban', 'user.unban', 'user.role', 'user.complimentary.grant', 'user.complimentary.revoke',
  'banned_words.replace', 'article.update'));
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_reason_length" CHECK (char_length("reason") <= 500);
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_metadata_object" CHECK (jsonb_typeof("metadata") = 'object');

-- Hand-written: the audit log is append-only. The code has no update or delete path; this makes
-- the database refuse one too (UPDATE and DELETE per row, TRUNCATE per statement).
CREATE FUNCTION "moderation_actions_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'moderation_actions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "moderation_actions_no_update_delete" BEFORE UPDATE OR DELETE ON "moderation_actions"
  FOR EACH ROW EXECUTE FUNCTION "moderation_actions_append_only"();
CREATE TRIGGER "moderation_actions_no_truncate" BEFORE TRUNCATE ON "moderation_actions"
  FOR EACH STATEMENT EXECUTE FUNCTION "moderation_actions_append_only"();

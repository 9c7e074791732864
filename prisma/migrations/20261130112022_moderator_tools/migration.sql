-- CreateTable
CREATE TABLE "moderator_notes" (
    "id" UUID NOT NULL,
    "subject_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderator_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "moderator_notes_subject_id_created_at_id_idx" ON "moderator_notes"("subject_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "moderation_actions_target_type_target_id_created_at_id_idx" ON "moderation_actions"("target_type", "target_id", "created_at" DESC, "id" DESC);

-- Hand-written: cross-domain foreign keys (users belong to libs/identity; erasure keeps the row,
-- and deletes the notes about the erased user itself, see ModeratorNotesErasure).
ALTER TABLE "moderator_notes" ADD CONSTRAINT "moderator_notes_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "moderator_notes" ADD CONSTRAINT "moderator_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- Hand-written: the code stores notes trimmed, 1–2,000 code points (NOTE_MAX).
ALTER TABLE "moderator_notes" ADD CONSTRAINT "moderator_notes_body_length" CHECK (char_length("body") BETWEEN 1 AND 2000);

-- Hand-written: a user's comments in any status, newest first (the moderator's history of a user;
-- keyset on (created_at, id)). It also serves the counts by status of one author.
CREATE INDEX "comments_author_recent_idx" ON "comments" ("author_id", "created_at" DESC, "id" DESC);

-- Hand-written: the audit log knows two more actions, a note on a user and a comment reinstated.
ALTER TABLE "moderation_actions" DROP CONSTRAINT "moderation_actions_action_known";
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_action_known" CHECK ("action" IN (
  'comment.approve', 'comment.reject', 'comment.pin', 'comment.unpin', 'comment.reinstate',
  'user.suspend', 'user.ban', 'user.unban', 'user.role', 'user.complimentary.grant', 'user.complimentary.revoke',
  'user.note', 'banned_words.replace', 'article.update', 'webhook.create', 'webhook.delete',
  'policy.update', 'user.premoderate', 'article.surge'));

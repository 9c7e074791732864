import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { TransactionRunner } from '@parley/database';
import { AccountErasureStep, UsersService } from '@parley/identity';
import { checkNoteText } from './note-text';
import { ModeratorNoteRecord, ModeratorNoteStore } from './moderator-note.store';

/** A note with its author as moderators see it. */
export interface ProfileNote extends ModeratorNoteRecord {
  /** null once the author's account is erased (the note stays). */
  author: { id: string; displayName: string } | null;
}

/**
 * Moderators' notes on users. A note is audited in its own transaction with the note's id only:
 * the text may be personal, and the audit log is append-only, so the text lives in
 * `moderator_notes` alone, where erasing its subject deletes it (this class is that erasure
 * step). Notes written by a moderator whose own account is erased stay: they are the desk's
 * knowledge of the subject, and their author shows as erased (a bare id, as in the audit log).
 */
@Injectable()
export class ModeratorNotesService implements AccountErasureStep {
  constructor(
    private readonly notes: ModeratorNoteStore,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLogStore,
  ) {}

  /** 400 for an invalid note, 404 not_found for an unknown or erased subject. */
  async add(actorId: string, subjectId: string, note: unknown): Promise<ProfileNote> {
    const body = checkNoteText(note);
    const added = await this.transactions.run(async (tx) => {
      await this.users.getById(subjectId, tx);
      const stored = await this.notes.add(tx, { subjectId, authorId: actorId, body });
      await this.audit.record(
        {
          actorId,
          action: 'user.note',
          target: { type: 'user', id: subjectId },
          metadata: { noteId: stored.id },
        },
        tx,
      );
      return stored;
    });
    const [withAuthor] = await this.withAuthors([added]);
    return withAuthor;
  }

  /** The newest `limit` notes about the user with their authors, and how many there are in all. */
  async listAbout(
    subjectId: string,
    limit: number,
  ): Promise<{ items: ProfileNote[]; total: number }> {
    const { items, total } = await this.notes.listAbout(subjectId, limit);
    return { items: await this.withAuthors(items), total };
  }

  private async withAuthors(notes: ModeratorNoteRecord[]): Promise<ProfileNote[]> {
    const authors = await this.users.findPublicProfiles(notes.map((note) => note.authorId));
    return notes.map((note) => {
      const author = authors.get(note.authorId);
      return {
        ...note,
        author: author ? { id: author.id, displayName: author.displayName } : null,
      };
    });
  }

  async eraseAccountData(userId: string): Promise<void> {
    await this.notes.deleteAbout(userId);
  }
}

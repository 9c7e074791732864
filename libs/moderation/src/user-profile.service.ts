import { Injectable } from '@nestjs/common';
import { AuditAction, AuditLogStore } from '@parley/audit';
import { EntitlementService, SubscriberTenure } from '@parley/billing';
import { UserRecord, UsersService } from '@parley/identity';
import { AuthorActivity, AuthorHistoryService, CommentModerationService } from '@parley/threads';
import type { ModeratedCommentPage } from './moderated-comment';
import { ModeratedCommentPresenter } from './moderated-comment-presenter.service';
import { ModeratorNotesService, ProfileNote } from './moderator-notes.service';

/** What the profile shows of the audit log: sanctions and their lifting. */
export const SANCTION_ACTIONS: readonly AuditAction[] = ['user.suspend', 'user.ban', 'user.unban'];
/** The profile shows the newest this many sanctions and notes (it says how many notes in all). */
export const PROFILE_LIST_MAX = 50;

export interface ProfileSanction {
  action: 'suspend' | 'ban' | 'unban';
  /** Null only for an action of the system (audit entries may have no actor). */
  actorId: string | null;
  reason: string | null;
  /** For a suspension: when it ends. */
  until: Date | null;
  createdAt: Date;
}

export interface UserProfile extends AuthorActivity {
  user: UserRecord;
  memberSince: Date;
  tenure: SubscriberTenure | null;
  sanctions: ProfileSanction[];
  notes: ProfileNote[];
  notesTotal: number;
}

/**
 * A user as the desk judges them: account, subscriber tenure, activity, sanctions (read from the
 * audit log, the one record of who sanctioned whom, when and why: identity keeps only the status
 * in force) and notes. One query per store, run side by side; the account first, so an unknown
 * or erased user is a 404 before anything else is read.
 */
@Injectable()
export class UserProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly entitlement: EntitlementService,
    private readonly history: AuthorHistoryService,
    private readonly moderation: CommentModerationService,
    private readonly notes: ModeratorNotesService,
    private readonly audit: AuditLogStore,
    private readonly presenter: ModeratedCommentPresenter,
  ) {}

  async profile(userId: string): Promise<UserProfile> {
    const user = await this.users.getById(userId);
    const [activity, tenures, entries, notes] = await Promise.all([
      this.history.activityOf(userId),
      this.entitlement.tenureOf([userId]),
      this.audit.listForTarget({ type: 'user', id: userId }, SANCTION_ACTIONS, PROFILE_LIST_MAX),
      this.notes.listAbout(userId, PROFILE_LIST_MAX),
    ]);
    return {
      user,
      memberSince: user.createdAt,
      tenure: tenures.get(userId) ?? null,
      ...activity,
      sanctions: entries.map((entry) => ({
        action: entry.action.slice('user.'.length) as ProfileSanction['action'],
        actorId: entry.actorId,
        reason: entry.reason,
        until: typeof entry.metadata.until === 'string' ? new Date(entry.metadata.until) : null,
        createdAt: entry.createdAt,
      })),
      notes: notes.items,
      notesTotal: notes.total,
    };
  }

  /** Every comment of the user in any status, newest first, in the moderator's view. */
  async commentsOf(
    userId: string,
    query: { cursor?: string; limit: number },
  ): Promise<ModeratedCommentPage> {
    await this.users.getById(userId);
    const page = await this.history.historyOf(userId, query);
    const items = await this.presenter.withAuthors(await this.moderation.withReports(page.items));
    return { items, nextCursor: page.nextCursor };
  }
}

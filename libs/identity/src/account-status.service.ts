import { Injectable } from '@nestjs/common';
import { Tx } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import type { UserRecord } from './user-record';
import { UserStore } from './user.store';

/** The account after a sanction, and whether this call changed it (false: it was so already). */
export interface SanctionOutcome {
  user: UserRecord;
  changed: boolean;
}

/**
 * Sanctions on accounts. Every request reads the status from the database, so a change bites on
 * the user's next request. Staff (moderators, admins) cannot be sanctioned: demote them first.
 * A ban supersedes a suspension; a suspension of a banned account is a 409 (unban first).
 * Each method takes an optional transaction: the caller (moderation) writes the sanction's audit
 * entry in it, so that the change and its entry commit together.
 */
@Injectable()
export class AccountStatusService {
  constructor(private readonly store: UserStore) {}

  async suspend(userId: string, until: Date, now = new Date(), tx?: Tx): Promise<SanctionOutcome> {
    if (!(until > now)) {
      throw validationFailed(
        { field: 'until', message: 'must be in the future' },
        'A suspension must end in the future',
      );
    }
    const outcome = await this.outcome(userId, await this.store.suspend(userId, until, tx), tx);
    // A ban is permanent until lifted: a suspension would quietly turn it into one that ends.
    if (!outcome.changed && outcome.user.status === 'banned')
      throw new DomainError('conflict', 'The user is banned; unban first to suspend instead');
    return outcome;
  }

  async ban(userId: string, tx?: Tx): Promise<SanctionOutcome> {
    return this.outcome(userId, await this.store.ban(userId, tx), tx);
  }

  /** Lifts a ban or a suspension still running (one whose end has passed is lifted already). */
  async unban(userId: string, now = new Date(), tx?: Tx): Promise<SanctionOutcome> {
    return this.outcome(userId, await this.store.unban(userId, now, tx), tx);
  }

  // The store's conditional UPDATE changed nothing for staff, unknown and erased accounts: those
  // are refused here, after it, so that a promotion racing a sanction cannot slip by.
  private async outcome(userId: string, changed: boolean, tx?: Tx): Promise<SanctionOutcome> {
    const user = await this.store.findById(userId, tx);
    if (!user || user.erasedAt) throw new DomainError('not_found', 'No such user');
    if (user.role !== 'reader')
      throw new DomainError('forbidden', 'Staff accounts cannot be sanctioned');
    return { user, changed };
  }
}

import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { TransactionRunner } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { Role } from './auth-user';
import type { UserRecord } from './user-record';
import { UserStore } from './user.store';

/** Role changes by admins. Roles are read from the database per request, so no token is revoked. */
@Injectable()
export class UserRolesService {
  constructor(
    private readonly store: UserStore,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLogStore,
  ) {}

  /**
   * An admin may not change their own role, and the last admin cannot be demoted: the admin rows
   * are locked for the change, so two admins demoting each other at once leave one admin. An
   * effective change is audited (`user.role`) in its own transaction; the target's row is locked
   * before its role is read, so of two admins setting the same role at once one writes the entry.
   * Promoting to staff lifts any sanction.
   */
  async setRole(actorId: string, userId: string, role: Role): Promise<UserRecord> {
    if (actorId === userId)
      throw new DomainError('conflict', 'Admins cannot change their own role');
    return this.transactions.run(async (tx) => {
      const admins = await this.store.lockAdmins(tx);
      const before = await this.store.lockRole(userId, tx);
      if (before === null) throw new DomainError('not_found', 'No such user');
      const demotesAnAdmin = role !== 'admin' && admins.includes(userId);
      if (demotesAnAdmin && admins.length <= 1)
        throw new DomainError('conflict', 'The last admin cannot be demoted');
      const user = await this.store.setRole(userId, role, tx);
      if (before !== role) {
        await this.audit.record(
          {
            actorId,
            action: 'user.role',
            target: { type: 'user', id: userId },
            metadata: { from: before, to: role },
          },
          tx,
        );
      }
      return user;
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { User } from '@parley/database';
import { validationFailed } from '@parley/errors';
import { AuditLogStore } from '@parley/audit';
import type { Tx } from '@parley/database';
import { AccountStatusService } from '@parley/identity';
import { CommentChanges, CommentModerationService } from '@parley/threads';
import { WebhookEvents } from '@parley/webhooks';

/** A suspension ends at most this far ahead; longer than that is a ban. */
export const MAX_SUSPENSION_DAYS = 3650;

export interface SanctionResult {
  user: User;
  changed: boolean;
  /** Comments a ban took out of view (0 unless asked for). */
  removedComments: number;
}

/**
 * Suspensions, bans and their lifting, each audited once per effective change, in the change's
 * transaction. Identity refuses staff targets (403 forbidden), which covers a moderator
 * sanctioning themselves too, and decides "changed" with one conditional UPDATE, so racing
 * identical sanctions write one entry. The transaction is threads' (CommentChanges.run): a ban may
 * remove the user's comments in it, and threads then refreshes the cached pages once it commits.
 */
@Injectable()
export class AccountSanctionsService {
  constructor(
    private readonly statuses: AccountStatusService,
    private readonly comments: CommentModerationService,
    private readonly changes: CommentChanges,
    private readonly audit: AuditLogStore,
    private readonly webhooks: WebhookEvents,
  ) {}

  async suspend(
    actorId: string,
    userId: string,
    input: { until: Date; reason?: string },
    now = new Date(),
  ): Promise<SanctionResult> {
    if (input.until.getTime() > now.getTime() + MAX_SUSPENSION_DAYS * 86_400_000) {
      throw validationFailed({
        field: 'until',
        message: `must be at most ${MAX_SUSPENSION_DAYS} days ahead (ban instead)`,
      });
    }
    return this.changes.run(async (tx) => {
      const { user, changed } = await this.statuses.suspend(userId, input.until, now, tx);
      if (changed) {
        await this.record(tx, actorId, 'user.suspend', userId, input.reason, {
          until: input.until.toISOString(),
        });
        await this.webhooks.record(tx, 'user.suspended', {
          userId,
          until: input.until.toISOString(),
        });
      }
      return { user, changed, removedComments: 0 };
    });
  }

  /** With `removeComments`, every visible or pending comment of the user is removed too. */
  async ban(
    actorId: string,
    userId: string,
    input: { reason?: string; removeComments?: boolean },
  ): Promise<SanctionResult> {
    return this.changes.run(async (tx) => {
      const { user, changed } = await this.statuses.ban(userId, tx);
      const removedComments = input.removeComments
        ? await this.comments.removeAllByAuthor(userId, tx)
        : 0;
      if (changed) await this.webhooks.record(tx, 'user.banned', { userId, removedComments });
      if (changed || removedComments > 0) {
        await this.record(tx, actorId, 'user.ban', userId, input.reason, {
          removeComments: input.removeComments === true,
          removedComments,
          wasBanned: !changed,
        });
      }
      return { user, changed: changed || removedComments > 0, removedComments };
    });
  }

  async unban(
    actorId: string,
    userId: string,
    input: { reason?: string },
  ): Promise<SanctionResult> {
    return this.changes.run(async (tx) => {
      const { user, changed } = await this.statuses.unban(userId, new Date(), tx);
      if (changed) await this.record(tx, actorId, 'user.unban', userId, input.reason, {});
      if (changed) await this.webhooks.record(tx, 'user.unbanned', { userId });
      return { user, changed, removedComments: 0 };
    });
  }

  private async record(
    tx: Tx,
    actorId: string,
    action: 'user.suspend' | 'user.ban' | 'user.unban',
    userId: string,
    reason: string | undefined,
    metadata: Record<string, string | number | boolean>,
  ): Promise<void> {
    await this.audit.record(
      { actorId, action, target: { type: 'user', id: userId }, reason: reason ?? null, metadata },
      tx,
    );
  }
}

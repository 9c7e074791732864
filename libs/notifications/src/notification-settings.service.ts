import { Injectable } from '@nestjs/common';
import { TransactionRunner, Tx } from '@parley/database';
import { DomainError } from '@parley/errors';
import { type AccountErasureStep, loginRequired, UsersService } from '@parley/identity';
import { OutboxStore } from '@parley/outbox';
import { CommentNotificationsService } from '@parley/threads';
import { NotificationKind, NotificationPreferences } from './notification-kinds';
import { NotificationPreferenceStore } from './notification-preference.store';
import { UnsubscribeTokens } from './unsubscribe-tokens.service';

/** A reader's choices about mail: /me/notifications, one-click unsubscribe, erasure. */
@Injectable()
export class NotificationSettingsService implements AccountErasureStep {
  constructor(
    private readonly preferences: NotificationPreferenceStore,
    private readonly tokens: UnsubscribeTokens,
    private readonly outbox: OutboxStore,
    private readonly comments: CommentNotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
  ) {}

  get(userId: string): Promise<NotificationPreferences> {
    return this.preferences.get(userId);
  }

  /** 401 when the account was erased meanwhile (its token is refused from then on anyway). */
  async update(
    userId: string,
    changes: Partial<NotificationPreferences>,
  ): Promise<NotificationPreferences> {
    const updated = await this.preferences.update(userId, changes);
    if (!updated) throw loginRequired();
    return updated;
  }

  /** What a token would turn off (the confirmation page); 400 invalid_token. */
  async describe(token: string): Promise<NotificationKind> {
    return (await this.check(token)).kind;
  }

  /**
   * Turns the token's kind off; a repeat changes nothing. 400 invalid_token. An erased account
   * is sent no mail and keeps no choices (its erasure removed them): its link still answers as
   * done, and nothing is written: not even when it races the erasure itself (see
   * NotificationPreferenceStore.update and eraseWithIdentity).
   */
  async unsubscribe(token: string): Promise<NotificationKind> {
    const { userId, kind } = await this.check(token);
    // Writes nothing for an erased account (null), which then answers as done all the same.
    await this.preferences.update(userId, { [kind]: false });
    return kind;
  }

  /**
   * Erasure: the account's messages go (waiting mail is never sent, sent mail kept its address),
   * with the reply notices it would receive or its replies caused, and its choices.
   */
  async eraseAccountData(userId: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.outbox.forgetUser(tx, userId);
      await this.comments.forgetUser(tx, userId);
      await this.preferences.forget(tx, userId);
    });
  }

  /**
   * Again in the wipe's transaction: choices written after the step above by a change that was
   * already running (the wipe waited for it to commit) go too.
   */
  eraseWithIdentity(tx: Tx, userId: string): Promise<void> {
    return this.preferences.forget(tx, userId);
  }

  /**
   * A token of ours for an account that exists. A well-signed token can name a user this
   * database never had (one signed with the same JWT secret for another database): not valid.
   */
  private async check(token: string): Promise<{ userId: string; kind: NotificationKind }> {
    const subject = this.tokens.verify(token);
    const state = subject ? await this.users.accountState(subject.userId) : null;
    if (!subject || !state)
      throw new DomainError('invalid_token', 'The unsubscribe link is not valid');
    return subject;
  }
}

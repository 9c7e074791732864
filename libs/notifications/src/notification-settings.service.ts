import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { AccountErasureStep } from '@parley/identity';
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
  ) {}

  get(userId: string): Promise<NotificationPreferences> {
    return this.preferences.get(userId);
  }

  update(
    userId: string,
    changes: Partial<NotificationPreferences>,
  ): Promise<NotificationPreferences> {
    return this.preferences.update(userId, changes);
  }

  /** What a token would turn off (the confirmation page); 400 invalid_token. */
  describe(token: string): NotificationKind {
    return this.check(token).kind;
  }

  /** Turns the token's kind off; a repeat changes nothing. 400 invalid_token. */
  async unsubscribe(token: string): Promise<NotificationKind> {
    const { userId, kind } = this.check(token);
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

  private check(token: string): { userId: string; kind: NotificationKind } {
    const subject = this.tokens.verify(token);
    if (!subject) throw new DomainError('invalid_token', 'The unsubscribe link is not valid');
    return subject;
  }
}

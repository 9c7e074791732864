import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/errors';
import type { AccountErasureStep } from '@parley/identity';
import { OutboxStore } from '@parley/outbox';
import {
  NotificationKind,
  NotificationPreferences,
  NotificationPreferencesService,
} from './notification-preferences.service';
import { UnsubscribeTokens } from './unsubscribe-tokens.service';

/** A reader's choices about mail: /me/notifications, one-click unsubscribe, erasure. */
@Injectable()
export class NotificationSettingsService implements AccountErasureStep {
  constructor(
    private readonly preferences: NotificationPreferencesService,
    private readonly tokens: UnsubscribeTokens,
    private readonly outbox: OutboxStore,
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

  /** Erasure: no mail waits for the account any more, and its choices are forgotten. */
  async eraseAccountData(userId: string): Promise<void> {
    await this.outbox.dropPendingOfUser(userId);
    await this.preferences.forget(userId);
  }

  private check(token: string): { userId: string; kind: NotificationKind } {
    const subject = this.tokens.verify(token);
    if (!subject) throw new DomainError('invalid_token', 'The unsubscribe link is not valid');
    return subject;
  }
}

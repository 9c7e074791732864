import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { resolveJwtSecret } from '@parley/identity';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, NotificationKind } from './notification-preferences.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One-click unsubscribe tokens, one per user and kind: `<user:kind>.<HMAC-SHA256>`, keyed by a
 * key derived from the JWT secret. Nothing is stored, so every mail of a kind carries the same
 * token, and it stays valid (an unsubscribe is idempotent) until the secret changes. It can only
 * turn that kind of mail off.
 */
@Injectable()
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', resolveJwtSecret(config.values))
      .update('parley unsubscribe v1')
      .digest();
  }

  issue(userId: string, kind: NotificationKind): string {
    const subject = `${userId}:${kind}`;
    return `${Buffer.from(subject).toString('base64url')}.${this.sign(subject)}`;
  }

  /** The user and kind a token stands for, or null when it is not one of ours. */
  verify(token: string): { userId: string; kind: NotificationKind } | null {
    if (token.length > 200) return null;
    const [encoded, signature, ...rest] = token.split('.');
    if (!encoded || !signature || rest.length > 0) return null;
    const subject = Buffer.from(encoded, 'base64url').toString('utf8');
    const expected = Buffer.from(this.sign(subject));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const [userId, kind] = subject.split(':');
    if (!UUID.test(userId) || !NOTIFICATION_KINDS.includes(kind as NotificationKind)) return null;
    return { userId, kind: kind as NotificationKind };
  }

  private sign(subject: string): string {
    return createHmac('sha256', this.key).update(subject).digest('base64url');
  }
}

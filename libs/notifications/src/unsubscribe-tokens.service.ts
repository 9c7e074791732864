import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { resolveJwtKeys } from '@parley/identity';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, NotificationKind } from './notification-kinds';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One-click unsubscribe tokens, one per user and kind: `<user:kind>.<HMAC-SHA256>`, keyed by a
 * key derived from the JWT secret. Nothing is stored, so every mail of a kind carries the same
 * token, and it stays valid (an unsubscribe is idempotent) as long as its secret is JWT_SECRET or
 * one of JWT_PREVIOUS_SECRETS: a rotation keeps the links of mail already sent working. It can
 * only turn that kind of mail off.
 */
@Injectable()
export class UnsubscribeTokens {
  private readonly signingKey: Buffer;
  /** The signing key first: it is the one nearly every token was made with. */
  private readonly verifyingKeys: Buffer[];

  constructor(config: AppConfig) {
    const { current, verifying } = resolveJwtKeys(config.values);
    this.signingKey = deriveKey(current.secret);
    this.verifyingKeys = [
      this.signingKey,
      ...[...verifying.values()]
        .filter((secret) => secret !== current.secret)
        .map((secret) => deriveKey(secret)),
    ];
  }

  issue(userId: string, kind: NotificationKind): string {
    const subject = `${userId}:${kind}`;
    return `${Buffer.from(subject).toString('base64url')}.${sign(this.signingKey, subject)}`;
  }

  /** The user and kind a token stands for, or null when it is not one of ours. */
  verify(token: string): { userId: string; kind: NotificationKind } | null {
    if (token.length > 200) return null;
    const [encoded, signature, ...rest] = token.split('.');
    if (!encoded || !signature || rest.length > 0) return null;
    const subject = Buffer.from(encoded, 'base64url').toString('utf8');
    const given = Buffer.from(signature);
    const signed = this.verifyingKeys.some((key) => {
      const expected = Buffer.from(sign(key, subject));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!signed) return null;
    const [userId, kind] = subject.split(':');
    if (!UUID.test(userId) || !NOTIFICATION_KINDS.includes(kind as NotificationKind)) return null;
    return { userId, kind: kind as NotificationKind };
  }
}

function deriveKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('parley unsubscribe v1').digest();
}

function sign(key: Buffer, subject: string): string {
  return createHmac('sha256', key).update(subject).digest('base64url');
}

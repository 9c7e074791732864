import { Injectable } from '@nestjs/common';
import { EmailTokenPurpose, Tx } from '@parley/database';
import { createHash, randomBytes } from 'node:crypto';

/** How long each kind of emailed token works. */
export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 48 * 3600_000,
  change_email: 48 * 3600_000,
  password_reset: 3600_000,
};

export interface SpentEmailToken {
  userId: string;
  purpose: EmailTokenPurpose;
  /** The address the token was mailed to. */
  address: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The one class that reads and writes `email_tokens`: random tokens mailed in links, stored only
 * as SHA-256 hashes, spent once by a conditional UPDATE. Every method takes part in the
 * transaction of the change that issues or spends a token, passed first.
 */
@Injectable()
export class EmailTokenStore {
  /** A new token of this purpose for the account, mailed to `address`. */
  async issue(
    db: Tx,
    userId: string,
    purpose: EmailTokenPurpose,
    address: string,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await db.emailToken.create({
      data: {
        userId,
        purpose,
        tokenHash: hashToken(token),
        newEmail: address,
        expiresAt: new Date(Date.now() + EMAIL_TOKEN_TTL_MS[purpose]),
      },
    });
    return token;
  }

  /**
   * Spends a live token of one of these purposes; null for an unknown, used or expired one (or a
   * string that cannot be a token). Of two concurrent spends exactly one gets the row.
   */
  async spend(
    db: Tx,
    token: string,
    purposes: EmailTokenPurpose[],
  ): Promise<SpentEmailToken | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const tokenHash = hashToken(token);
    const { count } = await db.emailToken.updateMany({
      where: { tokenHash, purpose: { in: purposes }, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (count !== 1) return null;
    const row = await db.emailToken.findUniqueOrThrow({ where: { tokenHash } });
    return { userId: row.userId, purpose: row.purpose, address: row.newEmail ?? '' };
  }

  /** Spends every live token of these purposes of the account (a newer one replaces them). */
  async spendAllOf(db: Tx, userId: string, purposes: EmailTokenPurpose[]): Promise<void> {
    await db.emailToken.updateMany({
      where: { userId, purpose: { in: purposes }, usedAt: null },
      data: { usedAt: new Date() },
    });
  }

  /** Forgets every token of the account (erasure). */
  async deleteAllOf(db: Tx, userId: string): Promise<void> {
    await db.emailToken.deleteMany({ where: { userId } });
  }
}

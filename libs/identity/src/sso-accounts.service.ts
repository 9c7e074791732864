import { Injectable } from '@nestjs/common';
import { TransactionRunner, Tx } from '@parley/database';
import { DomainError } from '@parley/errors';
import { normalizeEmail } from './account-text';
import { SsoClaims, ssoTokenRefused } from './sso-claims';
import { SsoIdentityStore } from './sso-identity.store';
import { SsoTokenUseStore } from './sso-token-use.store';
import { SsoTokenVerifier } from './sso-token-verifier.service';
import type { UserRecord } from './user-record';
import { UserStore } from './user.store';

/** The name of an account whose first token carried none; the reader can change it (PATCH /me). */
const DEFAULT_DISPLAY_NAME = 'Reader';

/**
 * The Parley account of a publisher's reader, linked by (issuer, sub), created at the first
 * sign-in and brought up to date at every one. It has no password. Its address counts as
 * verified: the publisher vouches for the reader it signed in.
 *
 * An address another Parley account already holds is never taken over: the publisher's token is
 * no proof that the other account's owner is this reader (a publisher that does not verify
 * addresses, or a compromised publisher key, would otherwise hand out any account). The linked
 * account then goes without an address (no mail) until a token brings a free one; the two
 * accounts stay apart.
 */
@Injectable()
export class SsoAccounts {
  constructor(
    private readonly identities: SsoIdentityStore,
    private readonly users: UserStore,
    private readonly verifier: SsoTokenVerifier,
    private readonly tokenUses: SsoTokenUseStore,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * The linked account, created or updated from the claims. Throws a unique violation when a
   * concurrent sign-in of the same reader, or a registration of the same address, got there first:
   * the caller retries the whole transaction, which then sees the winner's row.
   */
  async signIn(claims: SsoClaims, tx: Tx, now = new Date()): Promise<UserRecord> {
    const link = await this.identities.find(claims.issuer, claims.subject, tx);
    const address = await this.freeAddress(claims.email, link?.userId ?? null, tx);
    if (!link) {
      const user = await this.users.create(
        {
          ...address,
          displayName: claims.name ?? DEFAULT_DISPLAY_NAME,
          passwordHash: null,
          emailVerifiedAt: now,
        },
        tx,
      );
      await this.identities.link(claims.issuer, claims.subject, user.id, tx);
      return user;
    }
    await this.identities.touch(claims.issuer, claims.subject, now, tx);
    // A claim left out changes nothing: only what the token says is brought up to date.
    return this.users.updateFromPublisher(
      link.userId,
      {
        ...(claims.email ? address : {}),
        ...(claims.name ? { displayName: claims.name } : {}),
      },
      tx,
    );
  }

  /**
   * What a password is to other accounts, for an account that signs in through its publisher:
   * proof that the reader is at the keyboard now (erasure). A fresh publisher token of this very
   * account, spent like a sign-in's; otherwise 401 invalid_credentials.
   */
  async confirmOwner(userId: string, token: string): Promise<void> {
    const wrong = () =>
      new DomainError('invalid_credentials', "The publisher token is not this account's");
    if (!this.verifier.configured || !(await this.identities.findByUser(userId))) throw wrong();
    const claims = await this.verifier.verify(token);
    await this.transactions.run(async (tx) => {
      const link = await this.identities.find(claims.issuer, claims.subject, tx);
      if (link?.userId !== userId) throw wrong();
      if (!(await this.tokenUses.spend(claims.issuer, claims.jti, claims.acceptableUntil, tx)))
        throw ssoTokenRefused('The token was used already (jti)');
    });
  }

  private async freeAddress(
    email: string | null,
    ownerId: string | null,
    tx: Tx,
  ): Promise<{ email: string | null; emailNormalized: string | null }> {
    if (!email) return { email: null, emailNormalized: null };
    const holder = await this.users.findByEmail(normalizeEmail(email), tx);
    if (holder && holder.id !== ownerId) return { email: null, emailNormalized: null };
    return { email, emailNormalized: normalizeEmail(email) };
  }
}

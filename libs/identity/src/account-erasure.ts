import type { Tx } from '@parley/database';

/**
 * One part of an account's data that another domain erases (Stripe subscription, comments...).
 * Steps run before identity wipes the account, so a failing step leaves it intact and the user
 * can retry; a step must therefore be idempotent.
 */
export interface AccountErasureStep {
  eraseAccountData(userId: string): Promise<void>;
  /**
   * Runs in the transaction that wipes the identity, after the account is marked erased: for
   * what a request already running could still have written since eraseAccountData (a write
   * that checks the account in the same statement either committed before the wipe, and goes
   * here, or finds the account erased).
   */
  eraseWithIdentity?(tx: Tx, userId: string): Promise<void>;
}

/** Injection token for the ordered array of erasure steps; the application composes it. */
export const ACCOUNT_ERASURE_STEPS = Symbol('ACCOUNT_ERASURE_STEPS');

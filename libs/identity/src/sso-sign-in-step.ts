import type { Tx } from '@parley/database';

/** A publisher sign-in as the other domains see it, inside its transaction. */
export interface SsoSignIn {
  userId: string;
  /** The verified token's whole payload: a step reads and checks its own claims. */
  payload: Readonly<Record<string, unknown>>;
  /** The token's iat: a step keeps an older token from overriding what a newer one said. */
  issuedAt: Date;
}

/**
 * What another domain does with a publisher's sign-in, in the sign-in's own transaction (billing:
 * the `entitlement` claim). A step that refuses the token throws ssoTokenRefused() (401) and
 * nothing of the sign-in is kept, the token's jti included.
 */
export interface SsoSignInStep {
  onSsoSignIn(signIn: SsoSignIn, tx: Tx): Promise<void>;
}

/** Injection token for the ordered array of sign-in steps; the application composes it. */
export const SSO_SIGN_IN_STEPS = Symbol('SSO_SIGN_IN_STEPS');

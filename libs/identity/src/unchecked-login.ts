/**
 * An access token's login whose token has been verified (signature, expiry, issuer, audience)
 * but whose user and login have not yet been read: what a write that checks the login in its own
 * first statement gets from the guard (AccessTokenVerifier.loginSql / userFrom). Ids are UUIDs.
 */
export class UncheckedLogin {
  constructor(
    readonly userId: string,
    readonly tokenVersion: number,
    readonly sessionId: string,
  ) {}
}

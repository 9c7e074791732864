import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { isUniqueViolation, TransactionRunner } from '@parley/database';
import { DomainError } from '@parley/errors';
import { OutboxStore } from '@parley/outbox';
import { AccessTokenService } from './access-token.service';
import { queueTokenMail } from './account-mail';
import { checkDisplayName, checkEmail, checkPassword, normalizeEmail } from './account-text';
import { AuthRateLimits } from './auth-rate-limits.service';
import { EmailTokenStore } from './email-token.store';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokenService } from './refresh-token.service';
import type { UserRecord } from './user-record';
import { UserStore } from './user.store';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface RegisterInput {
  email: string;
  password: string;
  displayName: string;
}

/** Registration and sign-in: the ways to get a token pair. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserStore,
    private readonly transactions: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly rateLimits: AuthRateLimits,
    private readonly emailTokens: EmailTokenStore,
    private readonly outbox: OutboxStore,
    private readonly config: AppConfig,
  ) {}

  async register(
    input: RegisterInput,
    clientIp: string,
  ): Promise<{ user: UserRecord; tokens: TokenPair }> {
    await this.rateLimits.register(clientIp);
    const email = checkEmail(input.email);
    const displayName = checkDisplayName(input.displayName);
    const passwordHash = await this.hasher.hash(checkPassword(input.password));
    try {
      // The verification mail is queued in the account's own transaction.
      const user = await this.transactions.run(async (tx) => {
        const created = await this.users.create(
          { email, emailNormalized: normalizeEmail(email), displayName, passwordHash },
          tx,
        );
        const deps = { tokens: this.emailTokens, outbox: this.outbox, config: this.config };
        await queueTokenMail(deps, tx, created, 'verify_email', email);
        return created;
      });
      return { user, tokens: await this.issueTokens(user) };
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('email_taken', 'An account with this email exists');
      throw error;
    }
  }

  async login(
    email: string,
    password: string,
    clientIp: string,
  ): Promise<{ user: UserRecord; tokens: TokenPair }> {
    this.hasher.assertRoom();
    const attempt = await this.rateLimits.loginAttempt(clientIp, email);
    let user: UserRecord | null;
    let valid: boolean;
    try {
      ({ found: user, valid } = await this.hasher.lookUpAndVerify(
        () => this.users.findByEmail(normalizeEmail(email)),
        password,
      ));
    } catch (error) {
      await attempt.abandoned();
      throw error;
    }
    // Only a wrong email or password keeps the attempt counted as a failure.
    if (!user || !valid) throw new DomainError('invalid_credentials', 'Wrong email or password');
    await attempt.succeeded();
    return { user, tokens: await this.issueTokens(user) };
  }

  /** Starts a new login of the user: its first refresh token and an access token bound to it. */
  async issueTokens(user: UserRecord): Promise<TokenPair> {
    const issued = await this.refreshTokens.startLogin(user.id);
    return {
      accessToken: await this.accessTokens.sign(user, issued.sessionId, issued.issuedAt),
      refreshToken: issued.token,
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }
}

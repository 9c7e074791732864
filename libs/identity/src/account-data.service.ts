import { Injectable } from '@nestjs/common';
import type { AccountStatus, Role } from './auth-user';
import { LoginSessionStore } from './login-session.store';
import { SsoIdentityStore } from './sso-identity.store';
import { UsersService } from './users.service';

/** What identity holds about one account, for its data export (GDPR access request). */
export interface AccountData {
  profile: {
    id: string;
    email: string | null;
    emailVerifiedAt: Date | null;
    displayName: string | null;
    role: Role;
    status: AccountStatus;
    suspendedUntil: Date | null;
    createdAt: Date;
    updatedAt: Date;
  };
  /** One per login (refresh-token family); never the tokens themselves. */
  sessions: {
    startedAt: Date;
    lastRefreshedAt: Date;
    expiresAt: Date;
    endedAt: Date | null;
  }[];
  /** The publisher account this one is linked to (POST /auth/sso), or null. */
  publisherSignIn: { issuer: string; subject: string; linkedAt: Date; lastSignInAt: Date } | null;
}

@Injectable()
export class AccountDataService {
  constructor(
    private readonly logins: LoginSessionStore,
    private readonly users: UsersService,
    private readonly ssoIdentities: SsoIdentityStore,
  ) {}

  async exportOf(userId: string): Promise<AccountData> {
    const user = await this.users.getById(userId);
    const tokens = await this.logins.historyOf(userId);
    const link = await this.ssoIdentities.findByUser(userId);
    const families = new Map<string, AccountData['sessions'][number]>();
    for (const token of tokens) {
      const session = families.get(token.familyId);
      if (!session) {
        families.set(token.familyId, {
          startedAt: token.createdAt,
          lastRefreshedAt: token.createdAt,
          expiresAt: token.expiresAt,
          endedAt: token.revokedAt,
        });
        continue;
      }
      session.lastRefreshedAt = token.createdAt;
      session.expiresAt = token.expiresAt;
      session.endedAt = token.revokedAt ?? session.endedAt;
    }
    return {
      profile: {
        id: user.id,
        email: user.email,
        emailVerifiedAt: user.emailVerifiedAt,
        displayName: user.displayName,
        role: user.role,
        status: user.status,
        suspendedUntil: user.suspendedUntil,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
      },
      sessions: [...families.values()],
      publisherSignIn: link && {
        issuer: link.issuer,
        subject: link.subject,
        linkedAt: link.createdAt,
        lastSignInAt: link.lastSignInAt,
      },
    };
  }
}

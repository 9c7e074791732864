import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '@parley/database';

export interface SsoIdentityRecord {
  issuer: string;
  subject: string;
  userId: string;
  createdAt: Date;
  lastSignInAt: Date;
}

/**
 * The one class that reads and writes `sso_identities`: which Parley account a publisher's user
 * (issuer, sub) is. Its primary key keeps two first sign-ins of one reader from making two accounts.
 */
@Injectable()
export class SsoIdentityStore {
  constructor(private readonly prisma: PrismaService) {}

  find(issuer: string, subject: string, tx: Tx): Promise<SsoIdentityRecord | null> {
    return tx.ssoIdentity.findUnique({ where: { issuer_subject: { issuer, subject } } });
  }

  findByUser(userId: string, db: Tx = this.prisma): Promise<SsoIdentityRecord | null> {
    return db.ssoIdentity.findUnique({ where: { userId } });
  }

  /** Throws a unique violation when the publisher's user is linked already (a concurrent first sign-in). */
  async link(issuer: string, subject: string, userId: string, tx: Tx): Promise<void> {
    await tx.ssoIdentity.create({ data: { issuer, subject, userId } });
  }

  async touch(issuer: string, subject: string, at: Date, tx: Tx): Promise<void> {
    await tx.ssoIdentity.update({
      where: { issuer_subject: { issuer, subject } },
      data: { lastSignInAt: at },
    });
  }

  /** Erasure: the publisher's user is no longer anyone here (a later sign-in makes a new account). */
  async deleteOfUser(userId: string, tx: Tx): Promise<void> {
    await tx.ssoIdentity.deleteMany({ where: { userId } });
  }
}

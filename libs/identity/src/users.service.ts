import { Injectable } from '@nestjs/common';
import type { Prisma, Tx } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { UserRecord } from './user-record';
import { FlaggedProfile, UserStore } from './user.store';

/**
 * Reads of accounts that other parts of Parley need; writes live in the services that own them.
 * The signed-in user of each request is read by AccessTokenVerifier (UserStore.findAuthUser).
 */
@Injectable()
export class UsersService {
  constructor(private readonly store: UserStore) {}

  /** In the caller's transaction when given one. */
  async getById(id: string, tx?: Tx): Promise<UserRecord> {
    const user = await this.store.findById(id, tx);
    if (!user || user.erasedAt) throw new DomainError('not_found', 'No such user');
    return user;
  }

  /** Whether an id names a live account, an erased one (its bare row stays), or none at all. */
  async accountState(id: string): Promise<'live' | 'erased' | null> {
    const user = await this.store.findById(id);
    if (!user) return null;
    return user.erasedAt ? 'erased' : 'live';
  }

  /** Whether an account (erased ones excluded: their address is free) has this address. */
  async emailInUse(emailNormalized: string): Promise<boolean> {
    return (await this.store.findByEmail(emailNormalized)) !== null;
  }

  /**
   * Who a notification may be mailed to: an account that is not erased and whose address is
   * verified; null otherwise.
   */
  async findMailRecipient(
    id: string,
  ): Promise<{ id: string; email: string; displayName: string } | null> {
    const user = await this.store.findById(id);
    if (!user?.email || user.erasedAt || !user.emailVerifiedAt) return null;
    return { id: user.id, email: user.email, displayName: user.displayName ?? '' };
  }

  /** Public author data for a page of comments, in one query (see UserStore). Erased accounts are left out. */
  findPublicProfiles(
    ids: string[],
    flag?: (ids: Prisma.Sql) => Prisma.Sql,
  ): Promise<Map<string, FlaggedProfile>> {
    return this.store.findPublicProfiles(ids, flag);
  }
}

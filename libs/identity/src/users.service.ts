import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Prisma, PrismaService, SqlClient, User } from '@parley/database';
import { DomainError } from '@parley/errors';
import { AuthUser, Role } from './auth-user';

interface AuthRow extends AuthUser {
  tokenVersion: number;
  erasedAt: Date | null;
}

/** Reads of accounts that other parts of Parley need; writes live in the services that own them. */
@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /**
   * The user behind an access token, or null when the account is gone or the token is outdated.
   * Read on every authenticated request (so a ban bites at once): plain SQL, the cheapest path.
   */
  async findAuthUser(id: string, tokenVersion: number): Promise<AuthUser | null> {
    if (!isUUID(id)) return null;
    const [user] = await this.sql.query<AuthRow>(Prisma.sql`
      SELECT id, role::text AS "role", status::text AS "status", suspended_until AS "suspendedUntil",
        token_version AS "tokenVersion", erased_at AS "erasedAt",
        email_verified_at IS NOT NULL AS "emailVerified"
      FROM users WHERE id = ${id}::uuid`);
    if (!user || user.erasedAt || user.tokenVersion !== tokenVersion) return null;
    return {
      id: user.id,
      role: user.role,
      status: user.status,
      suspendedUntil: user.suspendedUntil,
      emailVerified: user.emailVerified,
    };
  }

  async getById(id: string): Promise<User> {
    const user = await this.prisma.user.findUnique({ where: { id } });
    if (!user || user.erasedAt) throw new DomainError('user_not_found', 'No such user');
    return user;
  }

  /** Whether an account (erased ones excluded: their address is free) has this address. */
  async emailInUse(emailNormalized: string): Promise<boolean> {
    const user = await this.prisma.user.findUnique({
      where: { emailNormalized },
      select: { id: true },
    });
    return user !== null;
  }

  /**
   * Who a notification may be mailed to: an account that is not erased and whose address is
   * verified; null otherwise.
   */
  async findMailRecipient(
    id: string,
  ): Promise<{ id: string; email: string; displayName: string } | null> {
    const user = await this.prisma.user.findUnique({ where: { id } });
    if (!user?.email || user.erasedAt || !user.emailVerifiedAt) return null;
    return { id: user.id, email: user.email, displayName: user.displayName ?? '' };
  }

  /** Public author data for a page of comments, in one query. Erased accounts are left out. */
  async findPublicProfiles(
    ids: string[],
  ): Promise<Map<string, { id: string; displayName: string; role: AuthUser['role'] }>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.sql.query<{ id: string; displayName: string | null; role: Role }>(
      Prisma.sql`SELECT id::text AS "id", display_name AS "displayName", role::text AS "role"
        FROM users WHERE id = ANY(${unique}::uuid[]) AND erased_at IS NULL`,
    );
    return new Map(
      rows.map((row) => [
        row.id,
        { id: row.id, displayName: row.displayName ?? '', role: row.role },
      ]),
    );
  }
}

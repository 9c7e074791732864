import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Prisma, PrismaService, SqlClient, Tx, User } from '@parley/database';
import { DomainError } from '@parley/errors';
import { AuthUser, Role } from './auth-user';

interface AuthRow extends AuthUser {
  tokenVersion: number;
  erasedAt: Date | null;
  sessionLive: boolean;
}

/** Reads of accounts that other parts of Parley need; writes live in the services that own them. */
@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /**
   * The user behind an access token, or null when the account is gone, the token is outdated
   * (tokenVersion) or its login (`sid`) has ended. Read on every authenticated request (so a ban
   * or a logout bites at once): one plain SQL statement, the login checked by primary key in it,
   * prepared once per connection (planning the join costs about what running it does).
   */
  async findAuthUser(
    id: string,
    tokenVersion: number,
    sessionId: string,
  ): Promise<AuthUser | null> {
    if (!isUUID(id) || !isUUID(sessionId)) return null;
    const [user] = await this.sql.queryPrepared<AuthRow>(
      'parley_auth_user',
      Prisma.sql`
      SELECT u.id, u.role::text AS "role", u.status::text AS "status",
        u.suspended_until AS "suspendedUntil", u.token_version AS "tokenVersion",
        u.erased_at AS "erasedAt", u.email_verified_at IS NOT NULL AS "emailVerified",
        (s.id IS NOT NULL AND s.revoked_at IS NULL) AS "sessionLive"
      FROM users u
      LEFT JOIN login_sessions s ON s.id = ${sessionId}::uuid AND s.user_id = u.id
      WHERE u.id = ${id}::uuid`,
    );
    if (!user || user.erasedAt || user.tokenVersion !== tokenVersion || !user.sessionLive)
      return null;
    return {
      id: user.id,
      role: user.role,
      status: user.status,
      suspendedUntil: user.suspendedUntil,
      emailVerified: user.emailVerified,
    };
  }

  /** In the caller's transaction when given one. */
  async getById(id: string, tx?: Tx): Promise<User> {
    const user = await (tx ?? this.prisma).user.findUnique({ where: { id } });
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

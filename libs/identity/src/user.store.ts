import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Prisma, PrismaService, SqlClient, Tx } from '@parley/database';
import type { AuthUser, Role } from './auth-user';
import type { UserRecord } from './user-record';

interface AuthRow extends AuthUser {
  tokenVersion: number;
  erasedAt: Date | null;
  sessionLive: boolean;
}

export interface NewUser {
  /** Null only for a publisher's reader whose token brought no free address (SsoAccounts). */
  email: string | null;
  emailNormalized: string | null;
  displayName: string;
  /** Null for an account that signs in through its publisher only (POST /auth/sso). */
  passwordHash: string | null;
  role?: Role;
  emailVerifiedAt?: Date | null;
}

/** Public author data of a comment. */
export interface PublicProfile {
  id: string;
  displayName: string;
  role: Role;
}

/** A public profile with the answer to the caller's condition (UserStore.findPublicProfiles). */
export interface FlaggedProfile extends PublicProfile {
  flagged: boolean;
}

/** The row findAuthUser() checks: the user and whether the login `sessionId` is live. */
function authRowSql(id: string, sessionId: string): Prisma.Sql {
  return Prisma.sql`
      SELECT u.id, u.display_name AS "displayName", u.role::text AS "role", u.status::text AS "status",
        u.suspended_until AS "suspendedUntil", u.token_version AS "tokenVersion",
        u.erased_at AS "erasedAt", u.email_verified_at IS NOT NULL AS "emailVerified",
        (s.id IS NOT NULL AND s.revoked_at IS NULL) AS "sessionLive"
      FROM users u
      LEFT JOIN login_sessions s ON s.id = ${sessionId}::uuid AND s.user_id = u.id
      WHERE u.id = ${id}::uuid`;
}

/** The signed-in user of an auth row, or null when the token or its login no longer holds. */
function authUserOf(user: AuthRow, tokenVersion: number): AuthUser | null {
  if (user.erasedAt || user.tokenVersion !== tokenVersion || !user.sessionLive) return null;
  return {
    id: user.id,
    displayName: user.displayName ?? '',
    role: user.role,
    status: user.status,
    suspendedUntil: user.suspendedUntil,
    emailVerified: user.emailVerified,
  };
}

/** The column of UserStore.authUserJsonSql() as findAuthUser() answers (JSON has no dates). */
export function authUserFromJson(column: unknown, tokenVersion: number): AuthUser | null {
  if (column === null || column === undefined) return null;
  if (typeof column !== 'object') throw new Error('Auth row: not a JSON object');
  const row = column as Omit<AuthRow, 'suspendedUntil' | 'erasedAt'> & {
    suspendedUntil: string | null;
    erasedAt: string | null;
  };
  return authUserOf(
    {
      ...row,
      suspendedUntil: row.suspendedUntil === null ? null : new Date(row.suspendedUntil),
      erasedAt: row.erasedAt === null ? null : new Date(row.erasedAt),
    },
    tokenVersion,
  );
}

/**
 * The one class that reads and writes `users`. Methods that can take part in a change across
 * stores take the transaction last: optional where the method also runs alone, required where
 * it only makes sense inside one (row locks).
 */
@Injectable()
export class UserStore {
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
      authRowSql(id, sessionId),
    );
    return user ? authUserOf(user, tokenVersion) : null;
  }

  /**
   * findAuthUser()'s row as a scalar subquery (a JSON object, or NULL) for another store's
   * statement, so that a write checks the login with what it reads first, in one round trip;
   * authUserFromJson() reads the column back.
   */
  authUserJsonSql(id: string, sessionId: string): Prisma.Sql {
    if (!isUUID(id) || !isUUID(sessionId)) return Prisma.sql`NULL::json`;
    return Prisma.sql`(SELECT row_to_json(r) FROM (${authRowSql(id, sessionId)}) r)`;
  }

  /** The row, erased accounts included (callers decide what an erased one means). */
  findById(id: string, db: Tx = this.prisma): Promise<UserRecord | null> {
    return db.user.findUnique({ where: { id } });
  }

  findByEmail(emailNormalized: string, db: Tx = this.prisma): Promise<UserRecord | null> {
    return db.user.findUnique({ where: { emailNormalized } });
  }

  /**
   * Public author data for a page of comments, in one query. Erased accounts are left out.
   * `flag`, when given, is another lib's condition on the same ids (its argument: a subquery of
   * them), evaluated in the same statement: a page's authors and their badges are one round trip.
   */
  async findPublicProfiles(
    ids: string[],
    flag?: (ids: Prisma.Sql) => Prisma.Sql,
  ): Promise<Map<string, FlaggedProfile>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const pageIds = Prisma.sql`SELECT id FROM page_users`;
    // One author (a new comment's live event, a thread with one author) is a single value: from
    // an array PostgreSQL never reused the plan (it cannot know the array's length, and a plan
    // for the actual one row always looked cheaper), so it planned the statement at every
    // execution, 0.77 ms for a statement that runs in 0.13 ms.
    const pageUsers =
      unique.length === 1
        ? Prisma.sql`SELECT ${unique[0]}::uuid AS id`
        : Prisma.sql`SELECT unnest(${unique}::uuid[]) AS id`;
    const rows = await this.sql.queryReadPrepared<FlaggedProfile & { displayName: string | null }>(
      'parley_public_profiles',
      flag
        ? Prisma.sql`WITH page_users AS (${pageUsers})
            SELECT u.id::text AS "id", u.display_name AS "displayName", u.role::text AS "role",
              u.id::text IN (${flag(pageIds)}) AS "flagged"
            FROM users u WHERE u.id IN (${pageIds}) AND u.erased_at IS NULL`
        : Prisma.sql`SELECT id::text AS "id", display_name AS "displayName", role::text AS "role",
            false AS "flagged"
            FROM users WHERE id = ANY(${unique}::uuid[]) AND erased_at IS NULL`,
    );
    return new Map(
      rows.map((row) => [
        row.id,
        { id: row.id, displayName: row.displayName ?? '', role: row.role, flagged: row.flagged },
      ]),
    );
  }

  /** Throws a unique violation when an account has the address already. */
  create(user: NewUser, db: Tx = this.prisma): Promise<UserRecord> {
    return db.user.create({ data: user });
  }

  setDisplayName(id: string, displayName: string): Promise<UserRecord> {
    return this.prisma.user.update({ where: { id }, data: { displayName } });
  }

  /**
   * A new password, and every access token issued before refused (tokenVersion). A reset link
   * proves the address too: `emailVerifiedAt` is then given.
   */
  async setPassword(
    id: string,
    passwordHash: string,
    db: Tx = this.prisma,
    emailVerifiedAt?: Date,
  ): Promise<void> {
    await db.user.update({
      where: { id },
      data: { passwordHash, tokenVersion: { increment: 1 }, emailVerifiedAt },
    });
  }

  async setEmailVerifiedAt(id: string, at: Date, db: Tx = this.prisma): Promise<void> {
    await db.user.update({ where: { id }, data: { emailVerifiedAt: at } });
  }

  /** The account's address becomes `email`, verified now. Throws a unique violation when taken. */
  async changeEmail(
    id: string,
    email: string,
    emailNormalized: string,
    db: Tx = this.prisma,
  ): Promise<void> {
    await db.user.update({
      where: { id },
      data: { email, emailNormalized, emailVerifiedAt: new Date() },
    });
  }

  /**
   * What a publisher's sign-in says about its reader (POST /auth/sso): the address (null when the
   * token's address is another account's), verified since the publisher vouches for it, and the
   * name; what is left out stays. Throws a unique violation when the address was taken meanwhile.
   */
  updateFromPublisher(
    id: string,
    profile: { email?: string | null; emailNormalized?: string | null; displayName?: string },
    tx: Tx,
  ): Promise<UserRecord> {
    return tx.user.update({ where: { id }, data: profile });
  }

  /** Keeps the bare row (comments and audit entries point to it) and refuses every token. */
  async erase(id: string, db: Tx = this.prisma): Promise<void> {
    await db.user.update({
      where: { id },
      data: {
        email: null,
        emailNormalized: null,
        displayName: null,
        passwordHash: null,
        emailVerifiedAt: null,
        erasedAt: new Date(),
        tokenVersion: { increment: 1 },
      },
    });
  }

  /**
   * Suspends a reader until `until`; false when the account is no reader, suspended so already, or
   * banned (a suspension never shortens a ban, not even one committed while this waited for the row).
   */
  suspend(id: string, until: Date, db: Tx = this.prisma): Promise<boolean> {
    return this.sanction(
      db,
      id,
      { status: 'suspended', suspendedUntil: until },
      { NOT: { status: 'suspended', suspendedUntil: until }, status: { not: 'banned' } },
    );
  }

  ban(id: string, db: Tx = this.prisma): Promise<boolean> {
    return this.sanction(
      db,
      id,
      { status: 'banned', suspendedUntil: null },
      { status: { not: 'banned' } },
    );
  }

  /** Lifts a ban or a suspension still running at `now` (one whose end has passed is lifted already). */
  unban(id: string, now: Date, db: Tx = this.prisma): Promise<boolean> {
    return this.sanction(
      db,
      id,
      { status: 'active', suspendedUntil: null },
      { OR: [{ status: 'banned' }, { status: 'suspended', suspendedUntil: { gt: now } }] },
    );
  }

  /**
   * Locks every admin row (in id order, so two changes never deadlock) and returns their ids:
   * two admins demoting each other at once then take turns and leave one admin.
   */
  async lockAdmins(tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM users WHERE role = 'admin' AND erased_at IS NULL ORDER BY id FOR UPDATE`;
    return rows.map((row) => row.id);
  }

  /** The role of an account that is not erased, its row locked until the transaction ends; null when none. */
  async lockRole(id: string, tx: Tx): Promise<Role | null> {
    const [row] = await tx.$queryRaw<{ role: Role }[]>`
      SELECT role::text AS "role" FROM users WHERE id = ${id}::uuid AND erased_at IS NULL FOR UPDATE`;
    return row?.role ?? null;
  }

  /** Staff are never sanctioned: a promotion lifts any sanction. */
  setRole(id: string, role: Role, tx: Tx): Promise<UserRecord> {
    const sanction = role === 'reader' ? {} : { status: 'active' as const, suspendedUntil: null };
    return tx.user.update({ where: { id }, data: { role, ...sanction } });
  }

  /** Makes the account an admin with a verified address and no sanction (ADMIN_EMAIL). */
  async promoteToAdmin(id: string): Promise<void> {
    await this.prisma.user.update({
      where: { id },
      data: { role: 'admin', status: 'active', suspendedUntil: null, emailVerifiedAt: new Date() },
    });
  }

  // One conditional UPDATE decides: the role condition means a promotion racing a sanction cannot
  // slip by, and the "not so already" condition means of two identical racing sanctions one changes.
  private async sanction(
    db: Tx,
    id: string,
    data: Prisma.UserUpdateManyMutationInput,
    notAlready: Prisma.UserWhereInput,
  ): Promise<boolean> {
    const { count } = await db.user.updateMany({
      where: { AND: [{ id, erasedAt: null, role: 'reader' }, notAlready] },
      data,
    });
    return count > 0;
  }
}

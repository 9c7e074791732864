import type { INestApplicationContext } from '@nestjs/common';
import {
  isUniqueViolation,
  Prisma,
  PrismaService,
  SqlClient,
  TransactionRunner,
} from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { LoginSessionStore } from './login-session.store';
import { authUserFromJson, UserStore } from './user.store';

describe(UserStore.name, () => {
  let context: INestApplicationContext;
  let users: UserStore;
  let logins: LoginSessionStore;
  let transactions: TransactionRunner;
  beforeAll(async () => {
    context = await createStoreTestContext([UserStore, LoginSessionStore]);
    users = context.get(UserStore);
    logins = context.get(LoginSessionStore);
    transactions = context.get(TransactionRunner);
  });
  afterAll(() => context.close());

  const newUser = (role: 'reader' | 'moderator' | 'admin' = 'reader') => {
    const email = `${randomUUID()}@example.com`;
    return users.create({
      email,
      emailNormalized: email,
      displayName: 'Reader',
      passwordHash: 'hash',
      role,
    });
  };
  const login = (userId: string) =>
    logins.startLogin({
      userId,
      tokenHash: randomUUID(),
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    });

  /**
   * findAuthUser(), checked against the same row read as another statement's JSON column
   * (authUserJsonSql, what a post or like reads with its article): both must answer the same.
   */
  const authUser = async (id: string, tokenVersion: number, sessionId: string) => {
    const found = await users.findAuthUser(id, tokenVersion, sessionId);
    const [{ login: column }] = await context
      .get(SqlClient)
      .query<{ login: unknown }>(
        Prisma.sql`SELECT ${users.authUserJsonSql(id, sessionId)} AS "login"`,
      );
    expect(authUserFromJson(column, tokenVersion)).toEqual(found);
    return found;
  };

  describe('findAuthUser (every request)', () => {
    it('answers the user of a live login at its token version', async () => {
      const user = await newUser();
      const sessionId = await login(user.id);
      expect(await authUser(user.id, 0, sessionId)).toEqual({
        id: user.id,
        displayName: 'Reader',
        role: 'reader',
        status: 'active',
        suspendedUntil: null,
        emailVerified: false,
      });
    });

    it("reads a suspension's end, a role and a verified address the same both ways", async () => {
      const user = await newUser('moderator');
      const sessionId = await login(user.id);
      const until = new Date('2031-02-03T04:05:06.789Z');
      await context.get(PrismaService).user.update({
        where: { id: user.id },
        data: { status: 'suspended', suspendedUntil: until, emailVerifiedAt: new Date() },
      });
      expect(await authUser(user.id, 0, sessionId)).toMatchObject({
        role: 'moderator',
        status: 'suspended',
        suspendedUntil: until,
        emailVerified: true,
      });
    });

    it('refuses an outdated version, an ended or foreign login, an erased account, malformed ids', async () => {
      const user = await newUser();
      const other = await newUser();
      const sessionId = await login(user.id);
      await users.setPassword(user.id, 'new-hash');
      expect(await authUser(user.id, 0, sessionId)).toBeNull();
      expect(await authUser(user.id, 1, sessionId)).not.toBeNull();
      expect(await authUser(other.id, 0, sessionId)).toBeNull();
      expect(await authUser(user.id, 1, 'not-a-uuid')).toBeNull();
      expect(await authUser('not-a-uuid', 1, sessionId)).toBeNull();
      await logins.revokeFamily(sessionId, new Date());
      expect(await authUser(user.id, 1, sessionId)).toBeNull();

      const erased = await newUser();
      const erasedLogin = await login(erased.id);
      await users.erase(erased.id);
      expect(await authUser(erased.id, 1, erasedLogin)).toBeNull();
    });
  });

  it('keeps one account per address, and frees the address of an erased one', async () => {
    const user = await newUser();
    const again = {
      email: user.email!.toUpperCase(),
      emailNormalized: user.emailNormalized!,
      displayName: 'Again',
      passwordHash: 'hash',
    };
    const refused: unknown = await users.create(again).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(refused)).toBe(true);
    await users.erase(user.id);
    expect(await users.findById(user.id)).toMatchObject({
      email: null,
      erasedAt: expect.any(Date),
    });
    expect((await users.create(again)).id).not.toBe(user.id);
  });

  describe('sanctions', () => {
    it('changes a reader once however many identical sanctions race', async () => {
      const user = await newUser();
      const changed = await Promise.all(Array.from({ length: 5 }, () => users.ban(user.id)));
      expect(changed.filter(Boolean)).toHaveLength(1);
      const until = new Date(Date.now() + 60_000);
      // A suspension never replaces a ban: it changes nothing until the ban is lifted.
      expect(await users.suspend(user.id, until)).toBe(false);
      expect((await users.findById(user.id))?.status).toBe('banned');
      expect(await users.unban(user.id, new Date())).toBe(true);
      expect(await users.suspend(user.id, until)).toBe(true);
      expect(await users.suspend(user.id, until)).toBe(false);
      expect(await users.unban(user.id, new Date())).toBe(true);
      expect(await users.unban(user.id, new Date())).toBe(false);
    });

    it('never sanctions staff, and treats a lapsed suspension as lifted', async () => {
      const moderator = await newUser('moderator');
      expect(await users.ban(moderator.id)).toBe(false);
      expect((await users.findById(moderator.id))?.status).toBe('active');
      const reader = await newUser();
      const until = new Date(Date.now() + 60_000);
      await users.suspend(reader.id, until);
      expect(await users.unban(reader.id, new Date(until.getTime() + 1))).toBe(false);
    });

    it('joins the caller transaction: a rollback undoes the sanction', async () => {
      const user = await newUser();
      await expect(
        transactions.run(async (tx) => {
          expect(await users.ban(user.id, tx)).toBe(true);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect((await users.findById(user.id))?.status).toBe('active');
    });
  });

  it('lifts any sanction when promoting, and locks the admins in one order', async () => {
    const reader = await newUser();
    await users.ban(reader.id);
    const admin = await newUser('admin');
    const promoted = await transactions.run(async (tx) => {
      expect(await users.lockAdmins(tx)).toContain(admin.id);
      expect(await users.lockRole(reader.id, tx)).toBe('reader');
      return users.setRole(reader.id, 'moderator', tx);
    });
    expect(promoted).toMatchObject({ role: 'moderator', status: 'active', suspendedUntil: null });
    expect(await transactions.run((tx) => users.lockRole(randomUUID(), tx))).toBeNull();
  });

  it('reads public profiles of a page in one query, erased accounts left out', async () => {
    const [a, b] = [await newUser(), await newUser()];
    await users.erase(b.id);
    const profiles = await users.findPublicProfiles([a.id, b.id, a.id]);
    expect([...profiles.keys()]).toEqual([a.id]);
    expect(profiles.get(a.id)).toEqual({
      id: a.id,
      displayName: 'Reader',
      role: 'reader',
      flagged: false,
    });
  });

  it("answers another lib's condition on the page's ids in the same statement", async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    await users.erase(c.id);
    const profiles = await users.findPublicProfiles(
      [a.id, b.id, c.id],
      (ids) =>
        Prisma.sql`SELECT id::text FROM (${ids}) page(id) WHERE id IN (${a.id}::uuid, ${c.id}::uuid)`,
    );
    expect([...profiles.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(profiles.get(a.id)?.flagged).toBe(true);
    expect(profiles.get(b.id)?.flagged).toBe(false);
  });
});

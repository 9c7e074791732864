import { ConfigError } from '@parley/config';
import { PrismaService } from '@parley/database';
import { createApp } from '../../apps/api/src/app.factory';
import { AccountStatusService } from '@parley/identity';
import { registerAccount, registerStaff, uniqueEmail } from '../support/accounts';
import { createTestApp, TestApp, testConfig } from '../support/test-app';

describe('PUT /admin/users/:userId/role', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const setRole = (auth: Record<string, string> | undefined, userId: string, body: object) => {
    const req = t.http().put(`/api/v1/admin/users/${userId}/role`);
    return (auth ? req.set(auth) : req).send(body);
  };

  it('lets an admin promote and demote; the change bites on the next request without new tokens', async () => {
    const admin = await registerStaff(t, 'admin');
    const reader = await registerAccount(t);
    const res = await setRole(admin.auth, reader.id, { role: 'moderator' }).expect(200);
    expect(res.body).toEqual({ id: reader.id, displayName: reader.displayName, role: 'moderator' });
    const me = await t.http().get('/api/v1/me').set(reader.auth).expect(200);
    expect(me.body).toMatchObject({
      role: 'moderator',
      entitlement: { canComment: true, source: 'staff' },
    });
    await setRole(admin.auth, reader.id, { role: 'reader' }).expect(200);
    expect((await t.http().get('/api/v1/me').set(reader.auth).expect(200)).body.role).toBe(
      'reader',
    );
  });

  it('is idempotent', async () => {
    const admin = await registerStaff(t, 'admin');
    const reader = await registerAccount(t);
    await setRole(admin.auth, reader.id, { role: 'admin' }).expect(200);
    expect((await setRole(admin.auth, reader.id, { role: 'admin' }).expect(200)).body.role).toBe(
      'admin',
    );
  });

  it('lifts a sanction when promoting to staff', async () => {
    const admin = await registerStaff(t, 'admin');
    const reader = await registerAccount(t);
    await t.app.get(AccountStatusService).ban(reader.id);
    await setRole(admin.auth, reader.id, { role: 'moderator' }).expect(200);
    expect((await t.http().get('/api/v1/me').set(reader.auth).expect(200)).body.status).toBe(
      'active',
    );
  });

  it('refuses an admin changing their own role with 409 conflict', async () => {
    const admin = await registerStaff(t, 'admin');
    expect((await setRole(admin.auth, admin.id, { role: 'reader' }).expect(409)).body.code).toBe(
      'conflict',
    );
    expect((await t.http().get('/api/v1/me').set(admin.auth).expect(200)).body.role).toBe('admin');
  });

  it('answers 401 anonymous, 403 to readers and moderators', async () => {
    const target = await registerAccount(t);
    const reader = await registerAccount(t);
    const moderator = await registerStaff(t, 'moderator');
    expect((await setRole(undefined, target.id, { role: 'admin' }).expect(401)).body.code).toBe(
      'unauthenticated',
    );
    expect((await setRole(reader.auth, target.id, { role: 'admin' }).expect(403)).body.code).toBe(
      'forbidden',
    );
    expect((await setRole(reader.auth, reader.id, { role: 'admin' }).expect(403)).body.code).toBe(
      'forbidden',
    );
    expect(
      (await setRole(moderator.auth, target.id, { role: 'admin' }).expect(403)).body.code,
    ).toBe('forbidden');
    expect((await t.http().get('/api/v1/me').set(target.auth).expect(200)).body.role).toBe(
      'reader',
    );
  });

  it('answers 404 not_found for an unknown, erased or malformed id', async () => {
    const admin = await registerStaff(t, 'admin');
    const erased = await registerAccount(t);
    await t
      .http()
      .delete('/api/v1/me')
      .set(erased.auth)
      .send({ password: erased.password })
      .expect(204);
    for (const id of ['00000000-0000-4000-8000-000000000000', erased.id, 'not-a-uuid', '1']) {
      expect((await setRole(admin.auth, id, { role: 'moderator' }).expect(404)).body.code).toBe(
        'not_found',
      );
    }
  });

  it.each([
    [{}],
    [{ role: 'owner' }],
    [{ role: 'ADMIN' }],
    [{ role: 1 }],
    [{ role: 'moderator', status: 'active' }],
  ])('refuses body %j with 400 validation_failed', async (body) => {
    const admin = await registerStaff(t, 'admin');
    const reader = await registerAccount(t);
    expect((await setRole(admin.auth, reader.id, body).expect(400)).body.code).toBe(
      'validation_failed',
    );
  });

  it('refuses broken JSON and an oversize body', async () => {
    const admin = await registerStaff(t, 'admin');
    const reader = await registerAccount(t);
    await t
      .http()
      .put(`/api/v1/admin/users/${reader.id}/role`)
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send('{"role":')
      .expect(400);
    await setRole(admin.auth, reader.id, { role: 'x'.repeat(110_000) }).expect(413);
  });
});

describe('AccountStatusService', () => {
  let t: TestApp;
  let statuses: AccountStatusService;
  beforeAll(async () => {
    t = await createTestApp();
    statuses = t.app.get(AccountStatusService);
  });
  afterAll(() => t.close());

  it('suspends, bans (a ban supersedes a suspension) and unbans readers', async () => {
    const reader = await registerAccount(t);
    const until = new Date(Date.now() + 60_000);
    expect(await statuses.suspend(reader.id, until)).toMatchObject({
      changed: true,
      user: { status: 'suspended', suspendedUntil: until },
    });
    expect(await statuses.ban(reader.id)).toMatchObject({
      changed: true,
      user: { status: 'banned', suspendedUntil: null },
    });
    expect(await statuses.unban(reader.id)).toMatchObject({
      changed: true,
      user: { status: 'active', suspendedUntil: null },
    });
  });

  it('refuses to suspend a banned reader (409 conflict) and leaves the ban', async () => {
    const reader = await registerAccount(t);
    await statuses.ban(reader.id);
    await expect(statuses.suspend(reader.id, new Date(Date.now() + 60_000))).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(
      await t.app.get(PrismaService).user.findUniqueOrThrow({ where: { id: reader.id } }),
    ).toMatchObject({
      status: 'banned',
      suspendedUntil: null,
    });
  });

  it('reports a sanction that was in force already as unchanged', async () => {
    const reader = await registerAccount(t);
    expect((await statuses.unban(reader.id)).changed).toBe(false);
    expect((await statuses.ban(reader.id)).changed).toBe(true);
    expect((await statuses.ban(reader.id)).changed).toBe(false);
    expect((await statuses.unban(reader.id)).changed).toBe(true);
    const until = new Date(Date.now() + 60_000);
    expect((await statuses.suspend(reader.id, until)).changed).toBe(true);
    expect((await statuses.suspend(reader.id, until)).changed).toBe(false);
    expect((await statuses.suspend(reader.id, new Date(until.getTime() + 1000))).changed).toBe(
      true,
    );
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => statuses.unban(reader.id)));
    expect(outcomes.filter((outcome) => outcome.changed)).toHaveLength(1);
  });

  it('refuses to sanction staff, unknown users and a suspension in the past', async () => {
    const moderator = await registerStaff(t, 'moderator');
    const admin = await registerStaff(t, 'admin');
    await expect(statuses.ban(moderator.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(statuses.suspend(admin.id, new Date(Date.now() + 60_000))).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(statuses.ban('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
    const reader = await registerAccount(t);
    await expect(statuses.suspend(reader.id, new Date(Date.now() - 1000))).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(
      (await t.app.get(PrismaService).user.findUniqueOrThrow({ where: { id: moderator.id } }))
        .status,
    ).toBe('active');
  });

  it('treats a suspension whose end has passed as active', async () => {
    const reader = await registerAccount(t);
    await t.app.get(PrismaService).user.update({
      where: { id: reader.id },
      data: { status: 'suspended', suspendedUntil: new Date(Date.now() - 1000) },
    });
    expect((await t.http().get('/api/v1/me').set(reader.auth).expect(200)).body).toMatchObject({
      status: 'active',
      suspendedUntil: null,
    });
  });
});

describe('admin bootstrap from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  const password = 'admin password 123';

  it('creates the admin account when missing, and it can sign in', async () => {
    const email = uniqueEmail('admin');
    const t = await createTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: password });
    try {
      const res = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
      expect(res.body.user).toMatchObject({ email, displayName: 'Administrator', role: 'admin' });
    } finally {
      await t.close();
    }
  });

  it('promotes an existing account when ADMIN_PASSWORD is its password, which stays unchanged', async () => {
    const setup = await createTestApp();
    const existing = await registerAccount(setup);
    await setup.close();
    const t = await createTestApp({
      ADMIN_EMAIL: `  ${existing.email.toUpperCase()} `,
      ADMIN_PASSWORD: existing.password,
    });
    try {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: existing.email, password: existing.password })
        .expect(200);
      expect(res.body.user).toMatchObject({
        id: existing.id,
        role: 'admin',
        displayName: existing.displayName,
      });
    } finally {
      await t.close();
    }
  });

  it('stops start-up with one line, promoting nobody, when ADMIN_PASSWORD is not the existing account password', async () => {
    const setup = await createTestApp();
    const squatter = await registerAccount(setup);
    const app = await createApp(
      testConfig({ ADMIN_EMAIL: squatter.email, ADMIN_PASSWORD: password }),
    );
    try {
      const failure: unknown = await app.init().then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as Error).message).toMatch(/^Invalid configuration: ADMIN_PASSWORD /);
      expect((failure as Error).message).not.toContain('\n');
      expect((failure as Error).message).not.toContain(password);
    } finally {
      await app.close();
    }
    const me = await setup.http().get('/api/v1/me').set(squatter.auth).expect(200);
    expect(me.body.role).toBe('reader');
    await setup.close();
  });

  it('leaves an account that is already an admin alone, whatever its password is now', async () => {
    const setup = await createTestApp();
    const admin = await registerStaff(setup, 'admin');
    await setup.close();
    const t = await createTestApp({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: password });
    try {
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: admin.email, password: admin.password })
        .expect(200);
    } finally {
      await t.close();
    }
  });

  it('makes exactly one admin account when two instances start at once, and is repeatable', async () => {
    const email = uniqueEmail('admin');
    const apps = await Promise.all(
      [1, 2].map(() => createTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: password })),
    );
    try {
      const again = await createTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: password });
      await again.close();
      const rows = await apps[0].app
        .get(PrismaService)
        .user.findMany({ where: { emailNormalized: email } });
      expect(rows).toHaveLength(1);
      expect(rows[0].role).toBe('admin');
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });
});

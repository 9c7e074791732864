import { runMigrations } from '@parley/database';
import { createScratchDatabase, ScratchDatabase } from '@parley/testing';
import { registerStaff } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

/** On a database of its own, where these two are the only admins. */
describe('the last admin', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await runMigrations(scratch.url);
    // The scratch database on the server itself: no pooler in front of it.
    t = await createTestApp({ DATABASE_URL: scratch.url, DATABASE_DIRECT_URL: undefined });
  });
  afterAll(async () => {
    await t.close();
    await scratch.drop();
  });

  it('survives two admins demoting each other at once', async () => {
    const [a, b] = [await registerStaff(t, 'admin'), await registerStaff(t, 'admin')];
    const demote = (actor: typeof a, target: typeof a) =>
      t
        .http()
        .put(`/api/v1/admin/users/${target.id}/role`)
        .set(actor.auth)
        .send({ role: 'reader' });
    const results = await Promise.all([demote(a, b), demote(b, a)]);
    // The loser is refused either as no longer an admin (403, when the winner committed before its
    // role was read) or as about to demote the last admin (409, when both got past the role check).
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const roles = await Promise.all(
      [a, b].map(async (x) => (await t.http().get('/api/v1/me').set(x.auth)).body.role),
    );
    expect(roles.filter((role) => role === 'admin')).toHaveLength(1);
  });
});

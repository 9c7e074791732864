import { EmbeddedPostgres, startEmbeddedPostgres } from '@parley/database';
import { Client } from 'pg';

/**
 * PGlite is one PostgreSQL session served to many sockets. B must never see A's uncommitted data;
 * what actually happens is that B's query waits until A's transaction ends. Hence the app opens a
 * single connection to the embedded server: with two, a query issued outside a transaction while
 * that transaction is open would wait for itself forever.
 */
describe('embedded server: concurrent transactions', () => {
  let server: EmbeddedPostgres;
  let a: Client;
  let b: Client;

  beforeAll(async () => {
    server = await startEmbeddedPostgres();
  }, 60_000);

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(async () => {
    a = new Client({ connectionString: server.connectionString });
    b = new Client({ connectionString: server.connectionString });
    await a.connect();
    await b.connect();
    await a.query(
      "DROP TABLE IF EXISTS account; CREATE TABLE account (id int PRIMARY KEY, owner text); INSERT INTO account VALUES (1, 'before')",
    );
  });

  afterEach(async () => {
    await a.end();
    await b.end();
  });

  const ownerSeenBy = (client: Client) =>
    client
      .query<{ owner: string }>('SELECT owner FROM account WHERE id = 1')
      .then((r) => r.rows[0].owner);
  const after = (ms: number) =>
    new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms));

  it('makes B wait while A holds a transaction, then shows B the committed value', async () => {
    await a.query('BEGIN');
    await a.query("UPDATE account SET owner = 'uncommitted' WHERE id = 1");

    const seenByB = ownerSeenBy(b);
    expect(await Promise.race([seenByB, after(500)])).toBe('still waiting');

    await a.query('COMMIT');
    expect(await seenByB).toBe('uncommitted');
  });

  it('shows B the old value after A rolls back', async () => {
    await a.query('BEGIN');
    await a.query("UPDATE account SET owner = 'rolled back' WHERE id = 1");
    const seenByB = ownerSeenBy(b);
    expect(await Promise.race([seenByB, after(300)])).toBe('still waiting');

    await a.query('ROLLBACK');
    expect(await seenByB).toBe('before');
  });

  it('lets B go on when A disconnects in the middle of a transaction', async () => {
    await a.query('BEGIN');
    await a.query("UPDATE account SET owner = 'abandoned' WHERE id = 1");
    const seenByB = ownerSeenBy(b);

    await a.end();
    a = new Client({ connectionString: server.connectionString });
    await a.connect();
    expect(await seenByB).toBe('before');
  });
});

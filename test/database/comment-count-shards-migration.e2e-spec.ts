import { runMigrations } from '@parley/database';
import { createScratchDatabase, ScratchDatabase } from '@parley/testing';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const MIGRATIONS = path.join(__dirname, '../../prisma/migrations');
const SHARDS = readdirSync(MIGRATIONS).find((name) =>
  name.endsWith('_article_comment_count_shards'),
)!;

/** The migration that moved `articles.comment_count` into `article_comment_counts`. */
describe(`migration ${SHARDS}`, () => {
  let db: ScratchDatabase;
  let folder: string;
  let client: Client;

  beforeAll(async () => {
    db = await createScratchDatabase();
    // The database as it was before this migration, with counts in the old column.
    folder = mkdtempSync(path.join(os.tmpdir(), 'parley-migrations-'));
    for (const name of readdirSync(MIGRATIONS).filter((name) => name < SHARDS))
      cpSync(path.join(MIGRATIONS, name), path.join(folder, name), { recursive: true });
    await runMigrations(db.url, { migrationsFolder: folder });
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO articles (id, title, comment_count, updated_at)
      VALUES ('busy', 'Busy', 41, now()), ('quiet', 'Quiet', 0, now()), ('one', 'One', 1, now())`);
    await runMigrations(db.url);
  }, 60_000);

  afterAll(async () => {
    await client?.end();
    rmSync(folder, { recursive: true, force: true });
    await db.drop();
  });

  it('moves every non-zero count into shard 0 and drops the old column', async () => {
    const { rows } = await client.query(
      'SELECT article_id, shard, n FROM article_comment_counts ORDER BY article_id',
    );
    expect(rows).toEqual([
      { article_id: 'busy', shard: 0, n: 41 },
      { article_id: 'one', shard: 0, n: 1 },
    ]);
    const columns = await client.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles' AND column_name = 'comment_count'",
    );
    expect(columns.rows).toEqual([]);
  });

  it('keeps shards within 0–15 and goes with its article', async () => {
    await expect(
      client.query("INSERT INTO article_comment_counts VALUES ('quiet', 16, 1)"),
    ).rejects.toThrow(/article_comment_counts_shard_range/);
    await expect(
      client.query("INSERT INTO article_comment_counts VALUES ('nowhere', 0, 1)"),
    ).rejects.toThrow(/foreign key/);
    await client.query("DELETE FROM articles WHERE id = 'busy'");
    expect(
      (await client.query("SELECT 1 FROM article_comment_counts WHERE article_id = 'busy'"))
        .rowCount,
    ).toBe(0);
  });
});

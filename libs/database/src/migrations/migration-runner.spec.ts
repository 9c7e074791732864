import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createScratchDatabase, ScratchDatabase } from '@parley/testing';
import { Client } from 'pg';
import { readMigrationFiles } from './migration-file';
import { runMigrations } from './migration-runner';
import { MigrationError } from './migration.error';
import { findMigrationsFolder } from './migrations-folder';

const repoRoot = path.dirname(path.dirname(findMigrationsFolder()));
const migrationNames = readMigrationFiles(findMigrationsFolder()).map((file) => file.name);

async function historyOf(
  url: string,
): Promise<Array<{ migration_name: string; checksum: string; finished_at: Date | null }>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('runMigrations', () => {
  let db: ScratchDatabase;

  beforeEach(async () => {
    db = await createScratchDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  it('applies every migration once, recording Prisma-compatible history, then has nothing to do', async () => {
    expect(await runMigrations(db.url)).toEqual(migrationNames);
    expect(await runMigrations(db.url)).toEqual([]);

    const files = readMigrationFiles(findMigrationsFolder());
    const history = await historyOf(db.url);
    expect(history.map((row) => [row.migration_name, row.checksum])).toEqual(
      files.map((f) => [f.name, f.checksum]),
    );
    expect(history.every((row) => row.finished_at instanceof Date)).toBe(true);
  });

  it('applies migrations exactly once when two runners start together', async () => {
    const [first, second] = await Promise.all([runMigrations(db.url), runMigrations(db.url)]);

    expect([...first, ...second].sort()).toEqual(migrationNames);
    expect((await historyOf(db.url)).map((row) => row.migration_name)).toEqual(migrationNames);
  });

  it('refuses a migration edited after it was applied', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'parley-migrations-'));
    try {
      cpSync(findMigrationsFolder(), folder, { recursive: true });
      await runMigrations(db.url, { migrationsFolder: folder });
      writeFileSync(
        path.join(folder, migrationNames[0], 'migration.sql'),
        '-- edited\nSELECT 1;\n',
      );

      await expect(runMigrations(db.url, { migrationsFolder: folder })).rejects.toThrow(
        MigrationError,
      );
      await expect(runMigrations(db.url, { migrationsFolder: folder })).rejects.toThrow(
        /was edited after it was applied/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'parley-migrations-'));
    try {
      cpSync(findMigrationsFolder(), folder, { recursive: true });
      const broken = path.join(folder, '99990101000000_broken');
      cpSync(path.join(folder, migrationNames[0]), broken, { recursive: true });
      writeFileSync(
        path.join(broken, 'migration.sql'),
        'CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";\n',
      );

      await expect(runMigrations(db.url, { migrationsFolder: folder })).rejects.toThrow(
        /99990101000000_broken failed/,
      );
      expect((await historyOf(db.url)).map((row) => row.migration_name)).toEqual(migrationNames);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('leaves a history that `prisma migrate status` reads as up to date', async () => {
    await runMigrations(db.url);

    const { stdout } = await promisify(execFile)('npx', ['prisma', 'migrate', 'status'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: db.url },
    });
    expect(stdout).toMatch(/Database schema is up to date/);
  }, 60_000);
});

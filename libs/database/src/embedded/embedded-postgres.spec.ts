import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataDirLockedError } from './data-dir-locked.error';
import { startEmbeddedPostgres } from './embedded-postgres';

jest.setTimeout(60_000);

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('startEmbeddedPostgres', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-embedded-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps data across a stop and a start on the same folder', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    await query(
      first.connectionString,
      "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')",
    );
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.connectionString, 'SELECT v FROM kept')).toEqual([
        { v: 'still here' },
      ]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a second start on a folder in use, with one clear line', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      const second = startEmbeddedPostgres({ dataDir });
      await expect(second).rejects.toThrow(DataDirLockedError);
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
        `The embedded database in ${dataDir} is in use by another Parley process (pid ${process.pid}); stop it or set DATA_DIR`,
      );
    } finally {
      await first.stop();
    }
    expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(false);
  });

  it('takes over the lock of a process that died', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'pg.lock'), String(deadPid()));

    const server = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(server.connectionString, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await server.stop();
    }
  });

  it('runs in memory without a folder, and stop() may be called twice', async () => {
    const server = await startEmbeddedPostgres();
    expect(server.connectionString).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(await query(server.connectionString, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await server.stop();
    await server.stop();
  });
});

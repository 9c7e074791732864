import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

const modeOf = (file: string) => lstatSync(file).mode & 0o777;

/** [path, mode] of the folder and everything in it. */
function allModes(dir: string): [string, number][] {
  const own: [string, number] = [dir, modeOf(dir)];
  if (!lstatSync(dir).isDirectory()) return [own];
  return [own, ...readdirSync(dir).flatMap((entry) => allModes(path.join(dir, entry)))];
}

/** Entries that are not 0700 folders or 0600 files. */
function looseEntries(dir: string): [string, string][] {
  return allModes(dir)
    .filter(([file, mode]) => mode !== (lstatSync(file).isDirectory() ? 0o700 : 0o600))
    .map(([file, mode]) => [file, mode.toString(8)]);
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
    expect(server.connectionString).toBe(
      `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(server.socketDir)}`,
    );
    expect(await query(server.connectionString, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await server.stop();
    await server.stop();
  });

  it('serves on an owner-only unix socket in an owner-only folder, removed on stop', async () => {
    const server = await startEmbeddedPostgres({ dataDir });
    try {
      expect(modeOf(server.socketDir)).toBe(0o700);
      const socket = lstatSync(path.join(server.socketDir, '.s.PGSQL.5432'));
      expect(socket.isSocket()).toBe(true);
      expect(socket.mode & 0o777).toBe(0o600);
      // No TCP listener: the connection string names a folder, not a host and port.
      expect(new URL(server.connectionString).port).toBe('');
      expect(server.connectionString).not.toContain('127.0.0.1');
    } finally {
      await server.stop();
    }
    expect(existsSync(server.socketDir)).toBe(false);
  });

  it('removes its socket folder and lock when the process exits without stop() (a failed start)', async () => {
    const before = process.listeners('exit');
    const server = await startEmbeddedPostgres({ dataDir });
    const added = process.listeners('exit').filter((listener) => !before.includes(listener));
    try {
      expect(added).toHaveLength(1);
      expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(true);
      // What the process runs on its way out (calling it here: emitting 'exit' would end jest's).
      (added[0] as () => void)();
      expect(existsSync(server.socketDir)).toBe(false);
      expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(false);
    } finally {
      await server.stop();
    }
    expect(process.listeners('exit')).toEqual(before);
  });

  it('makes the data folder and everything in it owner-only, tightening a loose existing one', async () => {
    mkdirSync(path.join(dataDir, 'old'), { recursive: true });
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, 'old'), 0o777);
    writeFileSync(path.join(dataDir, 'old', 'notes'), 'x', { mode: 0o644 });
    chmodSync(path.join(dataDir, 'old', 'notes'), 0o666);

    const server = await startEmbeddedPostgres({ dataDir });
    try {
      expect(looseEntries(dataDir)).toEqual([]);
      await query(server.connectionString, 'CREATE TABLE t (v text)');
    } finally {
      await server.stop();
    }
    const modes = allModes(dataDir);
    expect(modes.length).toBeGreaterThan(100); // the cluster's own files are walked too
    expect(looseEntries(dataDir)).toEqual([]);
  });
});

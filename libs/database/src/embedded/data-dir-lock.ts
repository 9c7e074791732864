import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DataDirLockedError } from './data-dir-locked.error';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './private-files';

const LOCK_FILE = 'pg.lock';

/**
 * Takes the data folder's lock file (created atomically, holding our pid) and returns its release.
 * Two PGlite instances writing one folder would corrupt it, and PGlite does not lock it itself.
 * A lock whose pid is no longer alive (a crash) is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, LOCK_FILE);
  if (!tryCreate(file)) {
    const owner = readOwner(file);
    if (owner !== undefined && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    rmSync(file, { force: true });
    if (!tryCreate(file)) throw new DataDirLockedError(dataDir, readOwner(file) ?? 0);
  }
  return () => releaseIfOurs(file);
}

function tryCreate(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string): void {
  if (readOwner(file) === process.pid) rmSync(file, { force: true });
}

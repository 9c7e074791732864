import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Owner-only modes, as PostgreSQL itself keeps its data directory. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and its missing parents) owner-only, and tightens it if it existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes a folder and everything in it owner-only: folders 0700, files 0600 (symbolic links are
 * left alone, never followed). PGlite creates its files 0666 whatever the umask, so this runs
 * on the data folder before the server starts, after it created a cluster, and when it stops;
 * between those, the 0700 folder keeps other users out of whatever it created.
 */
export function tightenTree(dir: string): void {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return;
  if (!stat.isDirectory()) {
    if ((stat.mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(dir, PRIVATE_FILE_MODE);
    return;
  }
  if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir)) tightenTree(path.join(dir, entry));
}

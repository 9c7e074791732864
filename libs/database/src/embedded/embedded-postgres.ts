import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { acquireDataDirLock } from './data-dir-lock';
import { PRIVATE_FILE_MODE, tightenTree } from './private-files';

export interface EmbeddedPostgresOptions {
  /** Folder holding `pg/` and the lock file; omitted means in memory (tests). */
  dataDir?: string;
}

export interface EmbeddedPostgres {
  /**
   * A pg connection string for the server's unix socket, e.g.
   * postgresql://postgres@localhost/postgres?host=%2Ftmp%2Fparley-pg-AbC123
   */
  readonly connectionString: string;
  /** The folder holding the socket (owner-only): no secret, fine to log. */
  readonly socketDir: string;
  stop(): Promise<void>;
}

/**
 * The migration runner needs two connections (lock + work) next to the app's one; the rest is
 * head-room for psql or Prisma Studio. PGlite still runs one statement at a time.
 */
const MAX_CONNECTIONS = 10;

/** libpq's (and node-postgres's) socket name for the default port, in the folder `host` names. */
const SOCKET_NAME = '.s.PGSQL.5432';

/**
 * Starts PGlite (PostgreSQL in WASM) and serves it to `pg` clients on a unix socket that only this
 * user can open: PGlite has no authentication (any client is `postgres`), so a TCP port, even on
 * loopback, would let any local process in. The socket lives in a fresh 0700 folder and is 0600
 * itself; the data folder is made owner-only too (folders 0700, files 0600).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const { dataDir } = options;
  const release = dataDir ? acquireDataDirLock(dataDir) : () => undefined;
  // mkdtemp creates the folder 0700.
  const socketDir = mkdtempSync(path.join(os.tmpdir(), 'parley-pg-'));
  const removeLeftovers = () => {
    rmSync(socketDir, { recursive: true, force: true });
    release();
  };
  // A start-up that fails or is interrupted after this point exits without stop(): the socket
  // folder and the lock must not outlive the process all the same.
  const forgetAtExit = removeAtExit(removeLeftovers);
  let db: PGlite | undefined;
  try {
    // Loaded here, not at import: a deployment on its own PostgreSQL never carries PGlite.
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    if (dataDir) tightenTree(dataDir);
    db = dataDir ? await PGlite.create(path.join(dataDir, 'pg')) : await PGlite.create();
    if (dataDir) tightenTree(dataDir);
    const socketPath = path.join(socketDir, SOCKET_NAME);
    const server = new PGLiteSocketServer({
      db,
      path: socketPath,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start();
    chmodSync(socketPath, PRIVATE_FILE_MODE);
    const cleanUp = () => {
      forgetAtExit();
      if (dataDir) tightenTree(dataDir);
      removeLeftovers();
    };
    return {
      connectionString: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`,
      socketDir,
      stop: stopper(server, db, cleanUp),
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    forgetAtExit();
    removeLeftovers();
    throw error;
  }
}

const atExit = new Set<() => void>();

/**
 * Runs `cleanUp` (synchronous: nothing else runs at exit) if the process exits before the returned
 * function is called. One 'exit' listener serves every server of the process.
 */
function removeAtExit(cleanUp: () => void): () => void {
  if (atExit.size === 0) process.once('exit', runAtExit);
  atExit.add(cleanUp);
  return () => {
    atExit.delete(cleanUp);
    if (atExit.size === 0) process.removeListener('exit', runAtExit);
  };
}

function runAtExit(): void {
  for (const cleanUp of atExit) {
    try {
      cleanUp();
    } catch {
      // Exiting anyway: what could not be removed is taken over at the next start (the lock).
    }
  }
  atExit.clear();
}

function stopper(server: PGLiteSocketServer, db: PGlite, cleanUp: () => void): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      try {
        await server.stop();
        await db.close();
      } finally {
        cleanUp();
      }
    })();
    return stopping;
  };
}

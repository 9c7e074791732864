import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { acquireDataDirLock } from './data-dir-lock';

export interface EmbeddedPostgresOptions {
  /** Folder holding `pg/` and the lock file; omitted means in memory (tests). */
  dataDir?: string;
  /** Defaults to a free port chosen by the system. */
  port?: number;
}

export interface EmbeddedPostgres {
  /** A pg connection string for the loopback server, e.g. postgresql://postgres@127.0.0.1:41234/postgres */
  readonly connectionString: string;
  stop(): Promise<void>;
}

/**
 * The migration runner needs two connections (lock + work) next to the app's one; the rest is
 * head-room for psql or Prisma Studio. PGlite still runs one statement at a time.
 */
const MAX_CONNECTIONS = 10;

/** Starts PGlite (PostgreSQL in WASM) and serves it to `pg` clients on 127.0.0.1. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const release = options.dataDir ? acquireDataDirLock(options.dataDir) : () => undefined;
  let db: PGlite | undefined;
  try {
    db = options.dataDir
      ? await PGlite.create(path.join(options.dataDir, 'pg'))
      : await PGlite.create();
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: options.port ?? 0,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start();
    return {
      connectionString: `postgresql://postgres@${server.getServerConn()}/postgres`,
      stop: stopper(server, db, release),
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    release();
    throw error;
  }
}

function stopper(server: PGLiteSocketServer, db: PGlite, release: () => void): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      try {
        await server.stop();
        await db.close();
      } finally {
        release();
      }
    })();
    return stopping;
  };
}

import type { PoolConfig } from 'pg';

/** Fail fast while PostgreSQL is down; the pool opens fresh connections once it is back. */
const CONNECT_TIMEOUT_MS = 3_000;
const IDLE_TIMEOUT_MS = 30_000;
const STATEMENT_TIMEOUT_MS = 10_000;
/** Client-side guard for a silent network; a little above the server's statement_timeout. */
const QUERY_TIMEOUT_MS = 12_000;

export function poolConfig(connectionString: string, max: number): PoolConfig {
  return {
    connectionString,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  };
}

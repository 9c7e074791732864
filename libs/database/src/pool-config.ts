import type { PoolConfig } from 'pg';

/** Fail fast while PostgreSQL is down; the pool opens fresh connections once it is back. */
const CONNECT_TIMEOUT_MS = 3_000;
const IDLE_TIMEOUT_MS = 30_000;
export const STATEMENT_TIMEOUT_MS = 10_000;
/** Client-side guard for a silent network; a little above the server's statement_timeout. */
const QUERY_TIMEOUT_MS = 12_000;

/**
 * Behind a transaction-mode pooler (`pooled`) the server's statement_timeout cannot be a startup
 * parameter (PgBouncer refuses the connection): transactions set it with SET LOCAL instead
 * (PrismaService), and the operator sets it for the role (README); the client-side
 * query_timeout bounds every statement either way.
 */
export function poolConfig(connectionString: string, max: number, pooled = false): PoolConfig {
  return {
    connectionString,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    ...(pooled ? {} : { statement_timeout: STATEMENT_TIMEOUT_MS }),
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  };
}

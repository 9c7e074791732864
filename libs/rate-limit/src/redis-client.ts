import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

/** A command waits at most this long for Redis; past it the caller takes its fallback. */
export const REDIS_COMMAND_TIMEOUT_MS = 250;
// While Redis stays away, ioredis raises an error at every reconnect attempt: one line per
// client per this interval is enough for an operator.
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * The one way the process opens a Redis connection (rate-limit budgets, article versions). What
 * every caller can rely on while Redis is down or unreachable:
 * - a command fails within REDIS_COMMAND_TIMEOUT_MS and never waits for a reconnect: once the
 *   client has been ready, commands issued while it is disconnected fail at once (no offline
 *   queue), and a command on a connection that stopped answering times out; callers then fall
 *   back (in-process counters, uncached pages), so requests keep their usual latency;
 * - errors go through the logger, at most once per ERROR_LOG_INTERVAL_MS per client (never
 *   ioredis's "Unhandled error event" on stderr), and the recovery is logged once;
 * - the client reconnects by itself (every 100 ms to 2 s) and emits `ready` when it is back,
 *   which callers use to re-sync what they could not write meanwhile; a `subscriber` client is
 *   then a plain connection again, and its owner subscribes anew.
 */
export function createRedisClient(
  url: string,
  name: string,
  { subscriber = false }: { subscriber?: boolean } = {},
): Redis {
  const logger = new Logger(`Redis(${name})`);
  // Required here, not at import: an instance without REDIS_URL never loads ioredis.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: RedisClient } = require('ioredis') as typeof import('ioredis');
  const client = new RedisClient(url, {
    connectionName: `parley:${name}`,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Queued until the first connection only, so that start-up does not race it.
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    // ioredis re-subscribes after a reconnection with a SUBSCRIBE whose promise nothing handles:
    // answered after commandTimeout, it is an unhandled rejection, which ends the process. A
    // subscriber's owner subscribes again itself, on `ready`.
    autoResubscribe: !subscriber,
  });
  let lastLogged = 0;
  let suppressed = 0;
  let unavailable = false;
  client.on('error', (error: Error) => {
    unavailable = true;
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_INTERVAL_MS) {
      suppressed += 1;
      return;
    }
    logger.warn(
      { err: error.message, suppressedSinceLast: suppressed },
      'Redis unavailable; falling back until it is back',
    );
    lastLogged = now;
    suppressed = 0;
  });
  client.on('ready', () => {
    client.options.enableOfflineQueue = false;
    if (unavailable) logger.log('Redis reachable again');
    unavailable = false;
  });
  return client;
}

/** Ends a client from createRedisClient: politely when connected, at once otherwise. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}

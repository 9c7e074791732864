import { ConfigError, loadConfig } from '@parley/config';
import { DataDirLockedError } from '@parley/database';
import type { Server } from 'node:http';
import { createApp } from './app.factory';
import { ShutdownGate } from './http/shutdown-gate';
import { limitHeapGrowth } from './heap-growth';
import { trimMallocEvery } from './malloc-trim';

// In-flight requests get this long to finish after SIGTERM; closing the pool and Redis then
// gets the rest of the hard limit.
const SHUTDOWN_DEADLINE_MS = 10_000;
const SHUTDOWN_HARD_LIMIT_MS = 15_000;

/** Start-up failures the operator can fix get one clear line and exit 1, no stack. */
function failStart(error: unknown): never {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Parley failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfig();
  limitHeapGrowth(config.HEAP_GROWTH_PERCENT);
  trimMallocEvery(config.MALLOC_TRIM_INTERVAL_MS);
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const server = app.getHttpServer() as Server;

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      process.stderr.write(
        `Shutdown after ${signal} took longer than ${SHUTDOWN_HARD_LIMIT_MS} ms; exiting\n`,
      );
      process.exit(1);
    }, SHUTDOWN_HARD_LIMIT_MS).unref();
    // Requests first (the pool and Redis still serve them), then the modules' teardown.
    ShutdownGate.of(app)
      .drain(server, SHUTDOWN_DEADLINE_MS)
      .then((cutOff) => {
        if (cutOff > 0)
          process.stderr.write(
            `Shutdown cut off ${cutOff} requests after ${SHUTDOWN_DEADLINE_MS} ms\n`,
          );
        return app.close();
      })
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch(failStart);

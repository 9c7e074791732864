import { ConfigError, loadConfig } from '@parley/config';
import { DataDirLockedError } from '@parley/database';
import type { Server } from 'node:http';
import { createApp } from './app.factory';
import { limitHeapGrowth } from './heap-growth';

const SHUTDOWN_DEADLINE_MS = 10_000;

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
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const server = app.getHttpServer() as Server;

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      process.stderr.write(
        `Shutdown after ${signal} took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting\n`,
      );
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // In-flight requests finish; idle keep-alive sockets would otherwise hold the server open.
    server.on('request', (_req, res) => res.setHeader('Connection', 'close'));
    server.closeIdleConnections();
    app
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch(failStart);

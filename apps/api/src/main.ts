import type { INestApplication } from '@nestjs/common';
import { ConfigValues, loadConfig } from '@parley/config';
import type { Server } from 'node:http';
import { createApp } from './app.factory';
import { ShutdownGate } from './http/shutdown-gate';
import { limitHeapGrowth } from './heap-growth';
import { trimMallocEvery } from './malloc-trim';
import { startFailureLine } from './start-failure';

// In-flight requests get this long to finish after SIGTERM; closing the pool and Redis then
// gets the rest of the hard limit.
const SHUTDOWN_DEADLINE_MS = 10_000;
const SHUTDOWN_HARD_LIMIT_MS = 15_000;
/** A failed start closes what it opened (the pool, the embedded server) for at most this long. */
const FAILED_START_CLOSE_MS = 5_000;

let config: ConfigValues | undefined;

/**
 * A failed start prints one line and exits 1: no stack unless LOG_LEVEL=debug (or trace) asks.
 * Whatever the embedded database left (socket folder, lock) is removed at exit by its own hook.
 */
function failStart(error: unknown): never {
  const debug = config?.LOG_LEVEL === 'debug' || config?.LOG_LEVEL === 'trace';
  process.stderr.write(`${startFailureLine(error, config, debug)}\n`);
  process.exit(1);
}

/**
 * Until the server listens, SIGTERM and SIGINT end the start-up at once: one line, the exit hooks
 * (the embedded database's socket folder and lock), then the signal itself, its default action
 * restored, ends the process (status 143 or 130). Not process.exit(): on Node 24 it joins V8's
 * worker threads, and a background (Maglev) compile job waiting there for a garbage collection
 * waits for ever, since the main thread that would collect is the one joining. Start-up is when
 * such jobs run (seen under CI load: all threads parked in futexes, the main thread in
 * NodePlatform::Shutdown).
 */
function stopStartingOnSignal(): () => void {
  const handlers = (['SIGTERM', 'SIGINT'] as const).map((signal) => {
    const handler = () => {
      process.stderr.write(`Parley start-up interrupted by ${signal}\n`);
      process.emit('exit', 1);
      // With no listener left, Node no longer catches the signal: its default action ends us.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      process.exit(1);
    };
    process.once(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  return () => handlers.forEach((remove) => remove());
}

async function listenOrClose(app: INestApplication, { PORT, HOST }: ConfigValues): Promise<void> {
  try {
    await app.listen(PORT, HOST);
  } catch (error) {
    const closed = app.close().catch(() => undefined);
    const deadline = new Promise((resolve) => setTimeout(resolve, FAILED_START_CLOSE_MS).unref());
    await Promise.race([closed, deadline]);
    throw error;
  }
}

async function main(): Promise<void> {
  config = loadConfig();
  limitHeapGrowth(config.HEAP_GROWTH_PERCENT);
  trimMallocEvery(config.MALLOC_TRIM_INTERVAL_MS);
  const startingSignals = stopStartingOnSignal();
  const app = await createApp(config);
  await listenOrClose(app, config);
  startingSignals();
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

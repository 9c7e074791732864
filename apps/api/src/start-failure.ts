import { ConfigError, ConfigValues } from '@parley/config';
import { DataDirLockedError, MigrationError } from '@parley/database';

type ListenSettings = Pick<ConfigValues, 'PORT' | 'HOST'>;

/**
 * The one line main.ts prints when start-up fails. An operator's mistake (configuration, a data
 * folder in use, a port taken, a host this machine cannot bind) names what to change; anything
 * else gets its message, and its stack only when `debug` (LOG_LEVEL=debug or trace) asks for it.
 */
export function startFailureLine(error: unknown, listen?: ListenSettings, debug = false): string {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) return error.message;
  const listenLine = listen ? listenFailure(error, listen) : undefined;
  if (listenLine) return listenLine;
  if (debug && error instanceof Error && error.stack)
    return `Parley failed to start: ${error.stack}`;
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    debug || error instanceof MigrationError ? '' : ' (LOG_LEVEL=debug prints the stack)';
  return `Parley failed to start: ${message.replace(/\s*\n\s*/g, ' ')}${hint}`;
}

/** What the listen errors of node:net mean for PORT and HOST. */
function listenFailure(error: unknown, { PORT, HOST }: ListenSettings): string | undefined {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT=${PORT}: address already in use (on HOST=${HOST}); stop what holds it or choose another PORT`;
    case 'EACCES':
      return `PORT=${PORT}: permission denied (ports below 1024 need privileges); choose another PORT`;
    case 'EADDRNOTAVAIL':
      return `HOST=${HOST}: not an address of this machine (EADDRNOTAVAIL); use one of its addresses, or 0.0.0.0`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return syscall === 'getaddrinfo'
        ? `HOST=${HOST}: not an address this machine can listen on (getaddrinfo ${code})`
        : undefined;
    default:
      return undefined;
  }
}

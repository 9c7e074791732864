import { ConfigError } from '@parley/config';
import { DataDirLockedError, MigrationError } from '@parley/database';
import { startFailureLine } from './start-failure';

const LISTEN = { PORT: 3900, HOST: '0.0.0.0' };

function errno(message: string, code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, syscall });
}

describe(startFailureLine.name, () => {
  it('prints an operator mistake as its own message', () => {
    expect(startFailureLine(new ConfigError('PORT', 'must be a whole number, got "x"'))).toBe(
      'Invalid configuration: PORT must be a whole number, got "x"',
    );
    expect(startFailureLine(new DataDirLockedError('/d', 42), LISTEN)).toMatch(/^The embedded/);
  });

  it.each([
    ['EADDRINUSE', 'listen', /^PORT=3900: address already in use \(on HOST=0\.0\.0\.0\)/],
    ['EACCES', 'listen', /^PORT=3900: permission denied/],
    [
      'EADDRNOTAVAIL',
      'listen',
      /^HOST=0\.0\.0\.0: not an address of this machine \(EADDRNOTAVAIL\)/,
    ],
    [
      'ENOTFOUND',
      'getaddrinfo',
      /^HOST=0\.0\.0\.0: not an address this machine can listen on \(getaddrinfo ENOTFOUND\)$/,
    ],
    ['EAI_AGAIN', 'getaddrinfo', /\(getaddrinfo EAI_AGAIN\)$/],
  ])('names PORT or HOST for %s', (code, syscall, line) => {
    expect(startFailureLine(errno(`${syscall} ${code}`, code, syscall), LISTEN)).toMatch(line);
  });

  it('prints anything else as one line, with the stack only for debug', () => {
    const error = new Error('the first line\n  and a second');
    expect(startFailureLine(error, LISTEN)).toBe(
      'Parley failed to start: the first line and a second (LOG_LEVEL=debug prints the stack)',
    );
    expect(startFailureLine(error, LISTEN, true)).toBe(`Parley failed to start: ${error.stack}`);
    expect(startFailureLine(new MigrationError('Migration x was edited'), LISTEN)).toBe(
      'Parley failed to start: Migration x was edited',
    );
    expect(startFailureLine('a string')).toMatch(/^Parley failed to start: a string/);
  });
});

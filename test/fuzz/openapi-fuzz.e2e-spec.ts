import fc from 'fast-check';
import { FuzzSession } from './fuzz-session';
import { anyRequest, FuzzRequest } from './openapi-fuzzer';
import http from 'node:http';

/**
 * Property: whatever a client sends to any operation of the OpenAPI document, signed in as a
 * reader, a subscriber, a moderator or an admin, anonymously or with a broken token, the answer
 * is never a 5xx, and every error has the contract's shape.
 *
 * `npm test` runs a bounded, seeded run: 2,000 requests, 4 at a time, seed 20261130 (about
 * 20–60 s on a 2-core machine, depending on its load). `npm run fuzz` runs 30,000 (FUZZ_RUNS)
 * with a fresh seed (printed; FUZZ_SEED replays one); FUZZ_CONCURRENCY sets the batch size.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** Requests in flight at once: races are part of the input, and the run is shorter. */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.FUZZ_RUNS ? Date.now() : 20261130));

jest.setTimeout(Math.max(180_000, RUNS * 60));

describe('OpenAPI fuzzing', () => {
  let session: FuzzSession;
  const statuses = new Map<string, Map<number, number>>();

  beforeAll(async () => {
    session = await FuzzSession.start();
  });
  afterAll(() => session?.close());

  function record(request: FuzzRequest, status: number): void {
    const key = `${request.operation.method.toUpperCase()} ${request.operation.path}`;
    const counts = statuses.get(key) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    statuses.set(key, counts);
  }

  it(`answers ${RUNS} generated requests without a 5xx (seed ${SEED})`, async () => {
    if (process.env.FUZZ_RUNS) process.stdout.write(`fuzz: ${RUNS} requests, seed ${SEED}\n`);
    const request = anyRequest(session.operations);
    const batch = fc.tuple(...Array.from({ length: CONCURRENCY }, () => request));
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(batch, async (requests) => {
        const responses = await Promise.all(requests.map((request) => session.send(request)));
        sent += requests.length;
        const failures = requests.flatMap((request, i) => {
          const response = responses[i];
          record(request, response.status);
          if (response.status >= 200 && response.status < 500 && isErrorShaped(response)) return [];
          if (request.operation.html && response.status < 500 && isHtmlPage(response)) return [];
          const wire = session.build(request);
          if (refusedByNodeForItsHead(response, wire)) return [];
          return [
            `${wire.method} ${wire.path.slice(0, 300)} as ${request.actor} answered ${response.status}: ` +
              `${response.text.slice(0, 500)}\nheaders: ${JSON.stringify(wire.headers).slice(0, 500)}` +
              `\nbody: ${wire.body?.toString('utf8').slice(0, 500) ?? '(none)'}`,
          ];
        });
        if (failures.length > 0) throw new Error(failures.join('\n\n'));
      }),
      { numRuns: Math.ceil(RUNS / CONCURRENCY), seed: SEED, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(RUNS);

    // The run reached every operation, and got past validation often enough to mean something.
    expect(
      session.operations
        .map((op) => `${op.method.toUpperCase()} ${op.path}`)
        .filter((key) => !statuses.has(key)),
    ).toEqual([]);
    const all = [...statuses.values()].flatMap((counts) => [...counts.entries()]);
    const total = all.reduce((sum, [, n]) => sum + n, 0);
    const succeeded = all.filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0);
    expect(succeeded / total).toBeGreaterThan(0.05);
    if (process.env.FUZZ_RUNS) printSummary();
  });

  function printSummary(): void {
    const lines = [...statuses.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([key, counts]) =>
          `${key.padEnd(60)} ${[...counts.entries()]
            .sort(([a], [b]) => a - b)
            .map(([status, n]) => `${status}×${n}`)
            .join(' ')}`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
});

/**
 * A 2xx/3xx is anything; a 4xx is the contract's error body with its own status, except the 431
 * that Node's HTTP parser sends itself, before the app, for a URL and headers over 16 kB.
 */
function isErrorShaped(response: { status: number; text: string }): boolean {
  if (response.status < 400 || (response.status === 431 && response.text === '')) return true;
  try {
    const body = JSON.parse(response.text) as Record<string, unknown>;
    return (
      body.statusCode === response.status &&
      typeof body.code === 'string' &&
      typeof body.message === 'string' &&
      (body.details === undefined || (Array.isArray(body.details) && body.details.length <= 20))
    );
  } catch {
    return false;
  }
}

/**
 * Node's HTTP parser refuses a request line and headers over `http.maxHeaderSize` (16 kB) with a
 * bare 431 and closes the socket at once, before the app sees the request. While the client is
 * still sending a large body, that close can reach it as a reset instead of the 431 (seen on
 * Node 24): the same refusal, not an error of Parley's.
 */
function refusedByNodeForItsHead(
  response: { status: number; text: string },
  wire: { method: string; path: string; headers: Record<string, string> },
): boolean {
  if (response.status !== 0 || !/ECONNRESET|EPIPE/.test(response.text)) return false;
  const head =
    Buffer.byteLength(`${wire.method} ${wire.path} HTTP/1.1\r\n`) +
    Object.entries(wire.headers).reduce(
      (sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`),
      0,
    );
  return head > http.maxHeaderSize;
}

function isHtmlPage(response: { text: string }): boolean {
  return /^<!doctype html>/i.test(response.text);
}

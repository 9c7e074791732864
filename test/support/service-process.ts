import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { testDatabaseDirectUrl, testDatabasePoolSize, testDatabaseUrl } from '@parley/testing';
import { TEST_JWT_SECRET } from './test-app';

const ROOT = path.resolve(__dirname, '../..');
const READY_DEADLINE_MS = 60_000;

/** The service as an operator runs it: its own process (main.ts), on this worker's database. */
export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  /** stdout and stderr so far. */
  output: () => string;
  /** stderr alone so far (where start-up failures are printed). */
  errors: () => string;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Spawns main.ts from source (test/support/ts-register.js) without waiting for it: for specs of
 * start-ups that fail or are interrupted. An env value of '' unsets the default (DATABASE_URL: ''
 * runs on the embedded database).
 */
export async function spawnService(
  env: Record<string, string> = {},
  port?: number,
): Promise<ServiceProcess> {
  const chosenPort = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['-r', path.join(__dirname, 'ts-register.js'), path.join(ROOT, 'apps/api/src/main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(chosenPort),
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_DIRECT_URL: testDatabaseDirectUrl(),
        DATABASE_POOL_SIZE: String(testDatabasePoolSize()),
        JWT_SECRET: TEST_JWT_SECRET,
        RATE_LIMIT_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    port: chosenPort,
    baseUrl: `http://127.0.0.1:${chosenPort}/api/v1`,
    output: () => output,
    errors: () => errors,
    exited,
  };
}

/** Starts main.ts from source and waits for /health/ready. */
export async function startService(
  env: Record<string, string> = {},
  port?: number,
): Promise<ServiceProcess> {
  const service = await spawnService(env, port);
  const { child, exited, output } = service;
  let ended = false;
  void exited.then(() => (ended = true));
  const until = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < until && !ended) {
    const ready = await fetch(`${service.baseUrl}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return service;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  await exited;
  throw new Error(`The service did not become ready:\n${output()}`);
}

/** Ends a service a spec left running (a failed assertion), so jest has no open handle. */
export async function killService(service: ServiceProcess | undefined): Promise<void> {
  if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGKILL');
  await service.exited;
}

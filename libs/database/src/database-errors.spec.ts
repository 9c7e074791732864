import {
  CuttableTcpProxy,
  testDatabaseDirectUrl,
  testDatabasePoolSize,
  testDatabaseUrl,
} from '@parley/testing';
import net from 'node:net';
import { DatabaseConnection } from './database-connection';
import {
  isDataException,
  isDatabaseUnavailableError,
  isTransactionConflict,
  isUniqueViolation,
} from './database-errors';
import { PrismaService } from './prisma.service';

jest.setTimeout(20_000);

/** One connection to this worker's database, through the pooler when the suite runs behind one. */
function workerConnection(): DatabaseConnection {
  return new DatabaseConnection({
    url: testDatabaseUrl(),
    poolSize: 1,
    directUrl: testDatabaseDirectUrl(),
  });
}

describe(isDatabaseUnavailableError.name, () => {
  /** The error a real query raises through PrismaService (adapter-pg, our pool settings). */
  async function errorFromDatabaseAt(url: string): Promise<unknown> {
    const prisma = new PrismaService(new DatabaseConnection({ url, poolSize: 1 }));
    try {
      return await prisma.user.count().then(
        () => undefined,
        (e: unknown) => e,
      );
    } finally {
      await prisma.$disconnect();
    }
  }

  it('recognises a refused connection', async () => {
    const error = await errorFromDatabaseAt('postgresql://postgres@127.0.0.1:1/postgres');
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it('recognises a server that accepts but never answers (connect timeout)', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const error = await errorFromDatabaseAt(`postgresql://postgres@127.0.0.1:${port}/postgres`);
      expect(isDatabaseUnavailableError(error)).toBe(true);
    } finally {
      silent.close();
    }
  });

  it('recognises a connection the server drops', async () => {
    const dropping = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const { port } = dropping.address() as net.AddressInfo;
    try {
      const error = await errorFromDatabaseAt(`postgresql://postgres@127.0.0.1:${port}/postgres`);
      expect(isDatabaseUnavailableError(error)).toBe(true);
    } finally {
      dropping.close();
    }
  });

  // The embedded server (PGlite, one connection at a time) never recovers from a reset mid-query.
  const onRealServer = testDatabasePoolSize() > 1 ? it : it.skip;

  onRealServer('recognises a connection reset while a transaction commits', async () => {
    // The server itself, not a pooler in front of it (which refuses our startup parameters).
    const server = testDatabaseDirectUrl() ?? testDatabaseUrl();
    const proxy = CuttableTcpProxy.forDatabase(server);
    await proxy.start();
    const prisma = new PrismaService(
      new DatabaseConnection({ url: proxy.route(server), poolSize: 1 }),
    );
    try {
      const error = await prisma
        .$transaction(async (tx) => {
          // A deferred trigger that sleeps holds the COMMIT open long enough to be cut mid-way.
          await tx.$executeRawUnsafe('CREATE TEMP TABLE slow_commit (x int) ON COMMIT DROP');
          await tx.$executeRawUnsafe(
            `CREATE FUNCTION pg_temp.sleep_at_commit() RETURNS trigger LANGUAGE plpgsql AS
             $$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$`,
          );
          await tx.$executeRawUnsafe(
            `CREATE CONSTRAINT TRIGGER sleep_at_commit AFTER INSERT ON slow_commit
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pg_temp.sleep_at_commit()`,
          );
          await tx.$executeRawUnsafe('INSERT INTO slow_commit VALUES (1)');
          setTimeout(() => void proxy.cut({ reset: true }), 300);
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      // The engine runs COMMIT itself and passes adapter-pg's error on bare: a DriverAdapterError
      // whose cause is { kind: 'ConnectionClosed' }, the socket's ECONNRESET no longer in it.
      expect(error).toMatchObject({ cause: { kind: 'ConnectionClosed' } });
      expect(isDatabaseUnavailableError(error)).toBe(true);
    } finally {
      await prisma.$disconnect().catch(() => undefined);
      await proxy.stop();
    }
  });

  it('recognises what the driver adapter reports for a lost or refused connection', () => {
    for (const kind of [
      'ConnectionClosed',
      'SocketTimeout',
      'DatabaseNotReachable',
      'TooManyConnections',
    ])
      expect(
        isDatabaseUnavailableError({ name: 'DriverAdapterError', message: kind, cause: { kind } }),
      ).toBe(true);
    for (const kind of ['UniqueConstraintViolation', 'postgres', 'GenericJs'])
      expect(
        isDatabaseUnavailableError({ name: 'DriverAdapterError', message: kind, cause: { kind } }),
      ).toBe(false);
  });

  it('recognises a transaction that cannot start in time (every connection busy)', async () => {
    const prisma = new PrismaService(workerConnection());
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      const holder = prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        await held;
      });
      // Let the holder take the pool's only connection before the second one asks for it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Prisma checks maxWait once the connection comes: it comes free after 300 ms, past 50 ms.
      setTimeout(release, 300);
      const error = await prisma
        .$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 50 })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      await holder;
      expect(error).toMatchObject({ code: 'P2028' });
      expect(isDatabaseUnavailableError(error)).toBe(true);
    } finally {
      release();
      await prisma.$disconnect();
    }
  });

  it('recognises a transaction that expired while the database was slow (rolled back)', () => {
    expect(
      isDatabaseUnavailableError({
        code: 'P2028',
        message:
          'Transaction API error: Transaction already closed: A commit cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 5120 ms passed since the start of the transaction.',
      }),
    ).toBe(true);
  });

  it('does not take other transaction errors or ordinary errors for an outage', () => {
    expect(
      isDatabaseUnavailableError({
        code: 'P2028',
        message:
          'Transaction API error: Transaction already closed: A query cannot be executed on a committed transaction.',
      }),
    ).toBe(false);

    expect(isDatabaseUnavailableError(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailableError(undefined)).toBe(false);
  });
});

describe(isUniqueViolation.name, () => {
  it('recognises Prisma P2002 and SQLSTATE 23505 anywhere in the cause chain', () => {
    expect(isUniqueViolation({ code: 'P2002' })).toBe(true);
    expect(isUniqueViolation(new Error('wrapped', { cause: { code: '23505' } }))).toBe(true);
    expect(isUniqueViolation({ code: 'P2003' })).toBe(false);
  });
});

describe(isTransactionConflict.name, () => {
  it('recognises deadlocks and serialization failures, bare or wrapped', () => {
    expect(isTransactionConflict({ code: '40P01' })).toBe(true);
    expect(isTransactionConflict({ code: 'P2034' })).toBe(true);
    expect(
      isTransactionConflict({
        code: 'P2010',
        meta: { driverAdapterError: { originalCode: '40001' } },
      }),
    ).toBe(true);
    expect(isTransactionConflict(new Error('wrapped', { cause: { code: '40P01' } }))).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isTransactionConflict({ code: '23505' })).toBe(false);
    expect(isTransactionConflict({ code: '40P02' })).toBe(false);
    expect(isTransactionConflict(new Error('deadlock detected'))).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
  });
});

describe(isDataException.name, () => {
  /** Real refusals by PostgreSQL, through Prisma's client, its raw queries and plain pg. */
  async function refusals(): Promise<unknown[]> {
    const connection = workerConnection();
    const prisma = new PrismaService(connection);
    const caught = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e: unknown) => e,
      );
    try {
      return [
        await caught(prisma.user.count({ where: { email: 'nul\u0000@example.com' } })),
        await caught(prisma.$queryRawUnsafe('SELECT $1::text AS t', 'a\u0000b')),
        await caught(prisma.$queryRawUnsafe('SELECT 2147483648::int AS n')),
        await caught(prisma.$queryRawUnsafe("SELECT '0000-01-01T00:00:00Z'::timestamptz AS t")),
        await caught(connection.pool.query('SELECT $1::text AS t', ['a\u0000b'])),
      ];
    } finally {
      await prisma.$disconnect();
      await connection.onApplicationShutdown();
    }
  }

  it('recognises data exceptions (class 22) however they are wrapped', async () => {
    const errors = await refusals();
    for (const error of errors) {
      expect(error).toBeDefined();
      expect(isDataException(error)).toBe(true);
      expect(isDatabaseUnavailableError(error)).toBe(false);
    }
  });

  it('leaves other failures alone', () => {
    expect(isDataException({ code: '23505' })).toBe(false);
    expect(isDataException({ code: 'P2002' })).toBe(false);
    expect(isDataException({ code: '22' })).toBe(false);
    expect(isDataException(new Error('22021'))).toBe(false);
    expect(isDataException(null)).toBe(false);
  });
});

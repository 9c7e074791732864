import net from 'node:net';
import { DatabaseConnection } from './database-connection';
import { isDatabaseUnavailableError, isUniqueViolation } from './database-errors';
import { PrismaService } from './prisma.service';

jest.setTimeout(20_000);

describe(isDatabaseUnavailableError.name, () => {
  /** The error a real query raises through PrismaService (adapter-pg, our pool settings). */
  async function errorFromDatabaseAt(url: string): Promise<unknown> {
    const prisma = new PrismaService(new DatabaseConnection(url, 1));
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

  it('does not take ordinary errors for an outage', () => {
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

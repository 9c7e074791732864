import { Injectable } from '@nestjs/common';
import type { Prisma } from './generated/client';
import { PrismaService, TransactionOptions } from './prisma.service';

/**
 * A transaction as services see it: an opaque handle they pass to each store taking part in the
 * change. Only stores use its query methods (the lint rule on store files says so).
 */
export type Tx = Prisma.TransactionClient;

/**
 * How a service runs one change across several stores in one transaction, without holding a
 * database client itself. It retries deadlocks and serialization failures (PrismaService), so
 * `work` must only touch the database.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly prisma: PrismaService) {}

  run<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.prisma.transaction(work, options);
  }
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

// Each jest run gets its own databases, so that runs from several checkouts sharing one
// PostgreSQL server never drop each other's databases.
const RUN_ID = randomBytes(4).toString('hex');

export const TEMPLATE_DATABASE = `parley_test_${RUN_ID}_template`;

export function workerDatabase(worker: number): string {
  return `parley_test_${RUN_ID}_w${worker}`;
}

/** Refuses to create or drop any database whose name does not say it is for tests. */
export function assertTestDatabaseName(name: string): void {
  if (!name.includes('test')) {
    throw new Error(
      `Refusing to use database "${name}" for tests: its name does not contain "test"`,
    );
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function recreateDatabase(
  admin: Client,
  name: string,
  template?: string,
): Promise<void> {
  await dropDatabase(admin, name);
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
}

export async function dropDatabase(admin: Client, name: string): Promise<void> {
  assertTestDatabaseName(name);
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

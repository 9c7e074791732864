/** Environment variables through which the global setup hands databases to the test workers. */
export const TEST_ENV = {
  /** The worker's database URL, set by worker-database.setup.ts. */
  url: 'PARLEY_TEST_DATABASE_URL',
  /** Pool size the app must use on that database (1 on the embedded server). */
  poolSize: 'PARLEY_TEST_DATABASE_POOL_SIZE',
  /** Maintenance URL of the PostgreSQL server, for specs that create scratch databases; unset when embedded. */
  adminUrl: 'PARLEY_TEST_ADMIN_URL',
  workerUrl: (worker: number | string): string => `PARLEY_TEST_DATABASE_URL_W${worker}`,
  /** When the suite runs through a transaction-mode pooler: the worker's database on the server itself. */
  directUrl: 'PARLEY_TEST_DATABASE_DIRECT_URL',
  workerDirectUrl: (worker: number | string): string =>
    `PARLEY_TEST_DATABASE_DIRECT_URL_W${worker}`,
} as const;

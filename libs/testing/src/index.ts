export { testDatabaseUrl, testDatabasePoolSize, createScratchDatabase } from './test-database';
export type { ScratchDatabase } from './test-database';
export { assertTestDatabaseName } from './test-database-names';
export { CuttableTcpProxy } from './cuttable-tcp-proxy';

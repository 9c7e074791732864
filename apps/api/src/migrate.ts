import { ConfigError, loadConfig } from '@parley/config';
import { DataDirLockedError, migrateConfiguredDatabase } from '@parley/database';

/** `npm run db:migrate`: applies pending migrations to the configured database, then exits. */
migrateConfiguredDatabase(loadConfig())
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    const oneLine = error instanceof ConfigError || error instanceof DataDirLockedError;
    process.stderr.write(`${oneLine ? (error as Error).message : (error as Error).stack}\n`);
    process.exit(1);
  });

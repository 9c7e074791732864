import { NestFactory } from '@nestjs/core';
import { BillingReconcileService } from '@parley/billing';
import { ConfigError, loadConfig } from '@parley/config';
import { DataDirLockedError } from '@parley/database';
import { BillingReconcileModule } from './billing/billing-reconcile.module';

/**
 * `npm run billing:reconcile`: re-reads every known customer's subscriptions from Stripe and
 * repairs local state, then exits (non-zero when a customer could not be read). Safe to run on a
 * schedule, next to the serving instances. `-- --all` also walks every Stripe customer whose
 * metadata names a user, linking those this database has no row for (after a restore).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.STRIPE_SECRET_KEY) {
    process.stderr.write('STRIPE_SECRET_KEY is not set: nothing to reconcile against\n');
    return 1;
  }
  const context = await NestFactory.createApplicationContext(
    BillingReconcileModule.forRoot(config),
    { logger: ['log', 'warn', 'error'] },
  );
  try {
    const allStripeCustomers = process.argv.slice(2).includes('--all');
    const report = await context.get(BillingReconcileService).reconcileAll({ allStripeCustomers });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return report.failedCustomers > 0 ? 1 : 0;
  } finally {
    await context.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const oneLine = error instanceof ConfigError || error instanceof DataDirLockedError;
    process.stderr.write(`${oneLine ? (error as Error).message : (error as Error).stack}\n`);
    process.exit(1);
  });

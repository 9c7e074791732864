import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { SqlClient } from '../sql-client.service';
import { RETENTION_STEPS, RetentionStep } from './retention-step';

/** Any constant shared by every Parley instance (not the migration lock's): keys the job's lock. */
const RETENTION_LOCK_KEY = 727_140_002;

/** Rows purged per step in one run; a step that failed is absent (and logged). */
export type RetentionReport = Record<string, number>;

/**
 * Every RETENTION_INTERVAL_SECONDS, runs the RETENTION_STEPS in order under a PostgreSQL session
 * advisory lock: with several instances, one purges and the others skip that round. On the
 * embedded server the lock does not exclude (PGlite is one session), but the data folder's lock
 * already makes that a single instance; within a process, runs never overlap either. A failing
 * step is logged and the next one still runs; the next round tries again.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionJob.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionReport | null> | undefined;
  /** Aborted at shutdown: a round in progress stops between batches. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly sql: SqlClient,
    private readonly config: AppConfig,
    @Inject(RETENTION_STEPS) private readonly steps: RetentionStep[],
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.values.RETENTION_INTERVAL_SECONDS;
    // The first round at a random point of the first interval: instances started together
    // (a deploy) do not all try at once, and frequent restarts still get rounds in.
    if (seconds > 0) this.schedule(Math.random() * seconds * 1000);
  }

  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One round now: the purged counts, or null when another run holds the lock (here or on
   * another instance).
   */
  runOnce(now = new Date()): Promise<RetentionReport | null> {
    if (this.running) return Promise.resolve(null);
    this.running = this.sql
      .withSessionAdvisoryLock(RETENTION_LOCK_KEY, () => this.purge(now))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.shutdown.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch((error: unknown) =>
          this.logger.warn({ err: String(error) }, 'retention round failed; retrying next round'),
        )
        .finally(() => this.schedule(this.config.values.RETENTION_INTERVAL_SECONDS * 1000));
    }, delayMs);
    this.timer.unref();
  }

  private async purge(now: Date): Promise<RetentionReport> {
    const report: RetentionReport = {};
    for (const step of this.steps) {
      if (this.shutdown.signal.aborted) break;
      try {
        report[step.retentionName] = await step.purgeExpired(now, this.shutdown.signal);
      } catch (error) {
        this.logger.warn(
          { step: step.retentionName, err: String(error) },
          'retention step failed; the next round tries again',
        );
      }
    }
    if (Object.values(report).some((count) => count > 0))
      this.logger.log({ purged: report }, 'retention round purged expired rows');
    return report;
  }
}

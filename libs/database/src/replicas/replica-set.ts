import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { DatabaseConnection } from '../database-connection';
import { parseLsn, PrimaryLsnHistory, ReplicaPosition } from './primary-lsn-history';
import { Replica, ReplicaState } from './replica';

/** How often replicas are checked, in the background (never per request). */
export const REPLICA_CHECK_INTERVAL_MS = 1_000;
/** A replica that does not answer its check within this is skipped until it does. */
const CHECK_TIMEOUT_MS = 2_000;

export interface ReplicaSetOptions {
  urls: string[];
  poolSize: number;
  maxLagSeconds: number;
}

const POSITION = `SELECT pg_is_in_recovery() AS "inRecovery", pg_last_wal_replay_lsn()::text AS "replayLsn",
  (extract(epoch FROM pg_last_xact_replay_timestamp()) * 1000)::float8 AS "replayedAt"`;

/**
 * The read replicas of DATABASE_REPLICA_URLS (none: an empty set, and nothing runs). Each second
 * it reads the primary's WAL position and each replica's replay position; a replica that does not
 * answer, is no standby, or lags beyond REPLICA_MAX_LAG_SECONDS is skipped until a check finds it
 * well again. Replicas are taken in turn among the healthy ones.
 */
export class ReplicaSet implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadReplicas');
  readonly replicas: Replica[];
  private readonly history: PrimaryLsnHistory;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private turn = 0;

  constructor(
    private readonly primary: DatabaseConnection,
    private readonly options: ReplicaSetOptions,
  ) {
    // Replicas behind a pooler like the primary's take the same care (no startup parameters).
    this.replicas = options.urls.map(
      (url) => new Replica(replicaName(url), url, options.poolSize, primary.pooled),
    );
    this.history = new PrimaryLsnHistory(options.maxLagSeconds * 2_000 + REPLICA_CHECK_INTERVAL_MS);
  }

  get size(): number {
    return this.replicas.length;
  }

  healthyCount(): number {
    return this.replicas.filter((replica) => replica.healthy).length;
  }

  /** The next healthy replica in turn, or undefined when none is. */
  pick(): Replica | undefined {
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.turn + i) % this.replicas.length];
      if (replica.healthy) {
        this.turn = (this.turn + i + 1) % this.replicas.length;
        return replica;
      }
    }
    return undefined;
  }

  /** A query on the replica failed for want of a connection: skipped until the next good check. */
  markDown(replica: Replica, error: unknown): void {
    this.update(replica, 'failed', replica.lagSeconds, messageOf(error));
  }

  /** Checks once before the app serves (bounded: a down replica delays start-up by ~2 s at most). */
  async onModuleInit(): Promise<void> {
    if (this.replicas.length === 0) return;
    await this.checkNow();
    this.timer = setInterval(() => void this.checkNow(), REPLICA_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((replica) => replica.pool.end().catch(() => undefined)));
  }

  /** One round of checks; a round still running is joined, never doubled. */
  checkNow(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<void> {
    // The primary's position first: a replica that has replayed it is caught up.
    try {
      const { rows } = await withTimeout(
        this.primary.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'),
      );
      this.history.record(Date.now(), parseLsn(rows[0].lsn));
    } catch {
      // The primary is unreachable: replicas are judged against the positions already seen.
    }
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica)));
  }

  private async checkReplica(replica: Replica): Promise<void> {
    let position: ReplicaPosition;
    try {
      const { rows } = await withTimeout(
        replica.pool.query<{
          inRecovery: boolean;
          replayLsn: string | null;
          replayedAt: number | null;
        }>(POSITION),
      );
      position = {
        inRecovery: rows[0].inRecovery,
        replayLsn: rows[0].replayLsn === null ? null : parseLsn(rows[0].replayLsn),
        replayedAt: rows[0].replayedAt,
      };
    } catch (error) {
      return this.update(replica, 'unreachable', Infinity, messageOf(error));
    }
    if (!position.inRecovery)
      return this.update(replica, 'no standby', Infinity, 'pg_is_in_recovery() is false');
    const lag = this.history.lagSeconds(Date.now(), position);
    if (lag > this.options.maxLagSeconds)
      return this.update(replica, 'lagging', lag, `${formatLag(lag)} behind`);
    this.update(replica, 'in use', lag, '');
  }

  private update(replica: Replica, state: ReplicaState, lag: number, detail: string): void {
    const changed = replica.state !== state;
    replica.state = state;
    replica.healthy = state === 'in use';
    replica.lagSeconds = lag;
    if (!changed) return;
    if (replica.healthy)
      this.logger.log({ replica: replica.name, lagSeconds: lag }, 'Replica in use');
    else
      this.logger.warn(
        { replica: replica.name, state, detail },
        'Replica skipped; its reads go to the primary',
      );
  }
}

/** host:port/database, never the credentials. */
function replicaName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'replica';
  }
}

function formatLag(lag: number): string {
  return Number.isFinite(lag) ? `${lag.toFixed(1)} s` : 'an unknown time';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('check timed out')), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

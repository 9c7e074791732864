import { Pool } from 'pg';
import { poolConfig } from '../pool-config';

export type ReplicaState =
  'unchecked' | 'in use' | 'unreachable' | 'no standby' | 'lagging' | 'failed';

/** One replica: its pool and what the last check found. */
export class Replica {
  readonly pool: Pool;
  healthy = false;
  lagSeconds = Infinity;
  /** What the last check found; each change is logged once. */
  state: ReplicaState = 'unchecked';

  constructor(
    readonly name: string,
    url: string,
    poolSize: number,
    /** Behind a transaction-mode pooler (as the primary is): no named statements. */
    readonly pooled: boolean,
  ) {
    this.pool = new Pool(poolConfig(url, poolSize, pooled));
    // As the primary's pool: a dropped idle connection must not crash the process.
    this.pool.on('error', () => undefined);
  }
}

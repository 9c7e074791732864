/** A PostgreSQL WAL position (`16/B374D848`) as a number that compares correctly. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!match) throw new Error(`Not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** What a replica says of itself (pg_is_in_recovery, pg_last_wal_replay_lsn, …). */
export interface ReplicaPosition {
  inRecovery: boolean;
  /** Up to where it has replayed the primary's WAL; null when not a streaming standby. */
  replayLsn: bigint | null;
  /** pg_last_xact_replay_timestamp(): when the last transaction it replayed committed (ms). */
  replayedAt: number | null;
}

interface Sample {
  at: number;
  lsn: bigint;
}

/**
 * How far a replica is behind, in seconds, measured against positions of the primary's WAL seen
 * over time: a replica that has replayed the primary's latest position is 0 behind however long
 * ago the last write was (pg_last_xact_replay_timestamp alone reads an idle primary as lag);
 * otherwise it is behind since the first moment the primary was seen past its position.
 *
 * Samples are kept only when the position moved, so the first sample of a position is when it
 * was first seen. A sample is dropped only once the next one is older than `retainMs` too, so the
 * oldest kept sample is either older than `retainMs` (a replica behind it is at least that far
 * behind) or the first ever taken (then the replica's replay timestamp is all there is to go on,
 * an upper bound, and the larger of the two is taken: a replica is never thought closer than it
 * is).
 */
export class PrimaryLsnHistory {
  private readonly samples: Sample[] = [];
  private pruned = false;

  constructor(private readonly retainMs: number) {}

  record(at: number, lsn: bigint): void {
    const last = this.samples[this.samples.length - 1];
    if (!last || lsn > last.lsn) this.samples.push({ at, lsn });
    while (this.samples.length > 1 && this.samples[1].at < at - this.retainMs) {
      this.samples.shift();
      this.pruned = true;
    }
  }

  /** Seconds behind the primary; Infinity when it is no standby or nothing is known yet. */
  lagSeconds(now: number, replica: ReplicaPosition): number {
    if (!replica.inRecovery || replica.replayLsn === null || this.samples.length === 0)
      return Infinity;
    const replay = replica.replayLsn;
    const passed = this.samples.findIndex((sample) => sample.lsn > replay);
    if (passed === -1) return 0;
    const behindSince = (now - this.samples[passed].at) / 1000;
    if (passed > 0 || this.pruned) return Math.max(0, behindSince);
    const sinceReplay = replica.replayedAt === null ? Infinity : (now - replica.replayedAt) / 1000;
    return Math.max(0, behindSince, sinceReplay);
  }
}

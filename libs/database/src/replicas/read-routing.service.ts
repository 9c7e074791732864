import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { isDatabaseUnavailableError } from '../database-errors';
import { mayReadReplica, ReadScope } from './read-target';
import { RecentWriters } from './recent-writers.service';
import { Replica } from './replica';
import { ReplicaSet } from './replica-set';

/**
 * Where a replica-eligible read goes (SqlClient.queryRead): the one place that decides. Requests
 * are scoped by ReadRoutingInterceptor; stores only say which of their reads may be served by a
 * replica, and services see none of it. Without replicas every read goes to the primary at once.
 */
@Injectable()
export class ReadRouting {
  private readonly scopes = new AsyncLocalStorage<ReadScope>();

  constructor(
    private readonly replicas: ReplicaSet,
    private readonly writers: RecentWriters,
  ) {}

  get enabled(): boolean {
    return this.replicas.size > 0;
  }

  /** Runs a read request (GET, HEAD, OPTIONS) of `userId` (undefined: anonymous). */
  reading<T>(userId: string | undefined, work: () => T): T {
    return this.scopes.run({ replicaAllowed: true, userId }, work);
  }

  /**
   * Runs `work` with every read on the primary, even inside a read request: for what must see
   * every committed change, such as a page that will be cached under the current version.
   */
  onPrimary<T>(work: () => T): T {
    if (!this.enabled) return work();
    return this.scopes.run({ replicaAllowed: false }, work);
  }

  /** After a signed-in user's write request: their reads go to the primary for a while. */
  noteWrite(userId: string): Promise<void> {
    return this.writers.note(userId);
  }

  /** The replica to serve the current read, or undefined for the primary. */
  async replicaFor(): Promise<Replica | undefined> {
    if (!this.enabled) return undefined;
    const scope = this.scopes.getStore();
    const healthy = this.replicas.healthyCount();
    if (!mayReadReplica(scope, healthy, false) || !scope) return undefined;
    let wrote = false;
    if (scope.userId !== undefined) {
      scope.wroteRecently ??= this.writers.wroteRecently(scope.userId);
      wrote = await scope.wroteRecently;
    }
    return mayReadReplica(scope, healthy, wrote) ? this.replicas.pick() : undefined;
  }

  /** A read failed on the replica (it is then run on the primary). */
  replicaFailed(replica: Replica, error: unknown): void {
    if (isDatabaseUnavailableError(error)) this.replicas.markDown(replica, error);
  }
}

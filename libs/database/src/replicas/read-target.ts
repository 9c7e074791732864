/** Who is reading, for the routing rule: set per request by ReadRoutingInterceptor. */
export interface ReadScope {
  /** A GET/HEAD request: its replica-eligible reads may go to a replica. */
  replicaAllowed: boolean;
  /** The signed-in reader, for read-your-writes; undefined when anonymous. */
  userId?: string;
  /** Whether that user wrote within the read-your-writes window: asked once per request. */
  wroteRecently?: Promise<boolean>;
}

/**
 * The routing rule, in one place: a read goes to a replica only inside a read request (never in a
 * write request, a background job or a transaction), when a replica is healthy, and when the
 * reader has not written within the read-your-writes window. Everything else reads the primary.
 */
export function mayReadReplica(
  scope: ReadScope | undefined,
  healthyReplicas: number,
  readerWroteRecently: boolean,
): boolean {
  return (scope?.replicaAllowed ?? false) && healthyReplicas > 0 && !readerWroteRecently;
}

import type { Server } from 'node:http';

// How often Node checks open connections against the two timeouts (its default is 30 s, which
// would let a slow client hold a connection up to 30 s past its deadline).
const CHECK_INTERVAL_MS = 1000;

/**
 * A client that trickles its headers or its body gets 408 and loses the connection once
 * HTTP_HEADERS_TIMEOUT_SECONDS / HTTP_REQUEST_TIMEOUT_SECONDS have passed since it started the
 * request (Node's defaults: 60 s and 300 s). Only receiving the request is timed: a slow answer
 * (a long page, an event stream) is not cut. An idle kept-alive connection is closed after
 * HTTP_KEEP_ALIVE_TIMEOUT_SECONDS (Node's default, 5 s, is below every load balancer's idle
 * timeout: the balancer would reuse a connection Parley is closing, and answer 502). Set before
 * the server listens.
 */
export function configureServerTimeouts(
  server: Server,
  {
    headersSeconds,
    requestSeconds,
    keepAliveSeconds,
  }: { headersSeconds: number; requestSeconds: number; keepAliveSeconds: number },
): void {
  server.keepAliveTimeout = keepAliveSeconds * 1000;
  server.requestTimeout = requestSeconds * 1000;
  // Node refuses a headers timeout above the request timeout; the request's bound wins.
  server.headersTimeout = Math.min(headersSeconds, requestSeconds) * 1000;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    CHECK_INTERVAL_MS;
}

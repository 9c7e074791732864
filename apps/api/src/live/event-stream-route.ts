import type { Request } from 'express';

// The raw path keeps a `/` inside an article id encoded (%2F), so one segment is one id.
const STREAM_PATH = /^\/api\/v1\/articles\/[^/]+\/stream\/?$/;

/**
 * A live-update stream stays open for as long as its reader reads: it holds no slot of
 * MAX_IN_FLIGHT_REQUESTS (MAX_STREAMS bounds streams instead).
 */
export function isEventStreamRequest(req: Request): boolean {
  return req.method === 'GET' && STREAM_PATH.test(req.path);
}

import type { ServerResponse } from 'node:http';

const FIELDS = Symbol('requestLogFields');

type WithFields = ServerResponse & { [FIELDS]?: Record<string, unknown> };

/**
 * Facts a handler learned (which Stripe event a delivery carried, what became of it) added to
 * the request's own log line, so a request is one line rather than that line and the handler's.
 */
export function addRequestLogFields(res: ServerResponse, fields: Record<string, unknown>): void {
  const target = res as WithFields;
  target[FIELDS] = { ...target[FIELDS], ...fields };
}

/** The fields added to this response's log line, if any. */
export function requestLogFields(res: ServerResponse): Record<string, unknown> | undefined {
  return (res as WithFields)[FIELDS];
}

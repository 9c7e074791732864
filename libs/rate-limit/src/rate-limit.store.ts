export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/** Fixed-window hit counters, in process or in Redis. */
export abstract class RateLimitStore {
  abstract hit(key: string, windowMs: number): Promise<WindowCount>;
  abstract close(): Promise<void>;
}

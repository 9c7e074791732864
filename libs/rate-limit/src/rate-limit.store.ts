export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/** Fixed-window hit counters, in process or in Redis. */
export abstract class RateLimitStore {
  /**
   * Adds `amount` (default 1) to the key's count in its current window, starting a window when
   * there is none. 0 reads the count; -1 takes back a hit counted too early (a reservation).
   */
  abstract hit(key: string, windowMs: number, amount?: number): Promise<WindowCount>;
  abstract close(): Promise<void>;
}

/**
 * Runs the work of a key at most once per `intervalMs`: the first call runs at once; calls
 * within the interval after it collapse into one run at the interval's end. That run reads the
 * state then, so the last change is never lost, only delayed (by at most the interval). Keys
 * are forgotten once their interval passes with nothing pending, so memory follows the keys
 * active in the last interval.
 */
export class Coalescer {
  private readonly keys = new Map<string, { lastRun: number; timer?: NodeJS.Timeout }>();
  private readonly scheduled = new Map<string, () => Promise<void>>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once `work` has run now, or at once when it was deferred. */
  async run(key: string, work: () => Promise<void>): Promise<void> {
    if (this.dueNow(key, work)) await work();
  }

  /**
   * True when a run of `key` is due now: the caller does that run itself, in its own way (say,
   * folded into other work it does anyway). Otherwise `later` is scheduled for the interval's
   * end, in place of any run scheduled before, and this is false.
   */
  dueNow(key: string, later: () => Promise<void>): boolean {
    const state = this.keys.get(key);
    const now = this.now();
    if (!state || now - state.lastRun >= this.intervalMs) {
      if (state?.timer) clearTimeout(state.timer);
      this.keys.set(key, { lastRun: now, timer: this.forgetLater(key) });
      return true;
    }
    this.scheduled.set(key, later);
    if (state.timer) clearTimeout(state.timer);
    const wait = Math.max(0, state.lastRun + this.intervalMs - now);
    state.timer = setTimeout(() => void this.fire(key), wait);
    state.timer.unref?.();
    return false;
  }

  /** Keys with a deferred run. */
  get pending(): number {
    return this.scheduled.size;
  }

  /** Runs every deferred piece of work now (shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.scheduled.keys()].map((key) => this.fire(key)));
  }

  private async fire(key: string): Promise<void> {
    const work = this.scheduled.get(key);
    this.scheduled.delete(key);
    const state = this.keys.get(key);
    if (state?.timer) clearTimeout(state.timer);
    if (!work) {
      this.keys.delete(key);
      return;
    }
    this.keys.set(key, { lastRun: this.now(), timer: this.forgetLater(key) });
    await work().catch(() => undefined);
  }

  private forgetLater(key: string): NodeJS.Timeout {
    const timer = setTimeout(() => void this.fire(key), this.intervalMs);
    timer.unref?.();
    return timer;
  }
}

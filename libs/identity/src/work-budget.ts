import { DomainError } from '@parley/errors';

/**
 * At most `concurrency` jobs run at once; up to `queue` more wait their turn in arrival order;
 * beyond that a job is refused at once with 503 service_unavailable (Retry-After: 1) instead of
 * waiting behind work that would take longer than a client waits.
 */
export class WorkBudget {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
    private readonly what: string,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Throws the refusal `run` would throw now, so that a caller can skip work before it. */
  assertRoom(): void {
    if (this.isFull()) throw this.refusal();
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await job();
    } finally {
      this.releaseTurn();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.isFull()) return Promise.reject(this.refusal());
    // The turn passes straight from a finishing job to the next waiter (running stays counted).
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private isFull(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.queue;
  }

  private refusal(): DomainError {
    return new DomainError(
      'service_unavailable',
      `Too many ${this.what} at once; try again shortly`,
      undefined,
      { 'Retry-After': '1' },
    );
  }

  private releaseTurn(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}

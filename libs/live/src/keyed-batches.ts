interface Waiting<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Runs `flush(key, items)` for each key one call at a time, and what is added to a key while
 * its flush is in flight goes together into the next one (a group commit). The first add to an
 * idle key flushes at once, so nothing waits when there is no queue. Each add resolves once the
 * flush that carried its items has finished, or rejects with that flush's error. A flush
 * carries at most `maxItems` items (or one add, if that is larger). Keys are forgotten when idle.
 */
export class KeyedBatches<T> {
  private readonly queues = new Map<string, Waiting<T>[]>();

  constructor(
    private readonly flush: (key: string, items: T[]) => Promise<void>,
    private readonly maxItems = 1000,
  ) {}

  add(key: string, items: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ items, resolve, reject });
        return;
      }
      const fresh: Waiting<T>[] = [{ items, resolve, reject }];
      this.queues.set(key, fresh);
      void this.drain(key, fresh);
    });
  }

  /** Keys with a flush in flight. */
  get active(): number {
    return this.queues.size;
  }

  private async drain(key: string, queue: Waiting<T>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = this.take(queue);
      try {
        await this.flush(
          key,
          batch.flatMap((waiting) => waiting.items),
        );
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.queues.delete(key);
  }

  private take(queue: Waiting<T>[]): Waiting<T>[] {
    let count = queue[0].items.length;
    let n = 1;
    while (n < queue.length && count + queue[n].items.length <= this.maxItems) {
      count += queue[n].items.length;
      n += 1;
    }
    return queue.splice(0, n);
  }
}

interface Waiting<T, R> {
  items: T[];
  resolve: (results: R[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs `flush(key, items)` for each key one call at a time, and what is added to a key while
 * its flush is in flight goes together into the next one (a group commit). The first add to an
 * idle key flushes at once, so nothing waits when there is no queue. Each add resolves once the
 * flush that carried its items has finished, with the results of its own items when the flush
 * returns one per item (a batched read), or rejects with that flush's error. A flush carries at
 * most `maxItems` items (or one add, if that is larger). Keys are forgotten when idle.
 */
export class KeyedBatches<T, R = void> {
  private readonly queues = new Map<string, Waiting<T, R>[]>();

  constructor(
    private readonly flush: (key: string, items: T[]) => Promise<readonly R[] | void>,
    private readonly maxItems = 1000,
  ) {}

  add(key: string, items: T[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ items, resolve, reject });
        return;
      }
      const fresh: Waiting<T, R>[] = [{ items, resolve, reject }];
      this.queues.set(key, fresh);
      void this.drain(key, fresh);
    });
  }

  /** Keys with a flush in flight. */
  get active(): number {
    return this.queues.size;
  }

  private async drain(key: string, queue: Waiting<T, R>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = this.take(queue);
      const items = batch.flatMap((waiting) => waiting.items);
      try {
        const results = await this.flush(key, items);
        if (results && results.length !== items.length) {
          throw new Error(`A batch of ${items.length} items returned ${results.length} results`);
        }
        let offset = 0;
        for (const waiting of batch) {
          const end = offset + waiting.items.length;
          waiting.resolve(results ? results.slice(offset, end) : []);
          offset = end;
        }
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.queues.delete(key);
  }

  private take(queue: Waiting<T, R>[]): Waiting<T, R>[] {
    let count = queue[0].items.length;
    let n = 1;
    while (n < queue.length && count + queue[n].items.length <= this.maxItems) {
      count += queue[n].items.length;
      n += 1;
    }
    return queue.splice(0, n);
  }
}

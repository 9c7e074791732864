import { PURGE_PAUSE_FACTOR, purgeInBatches } from './retention-step';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(purgeInBatches.name, () => {
  it('deletes batch after batch until one comes back short, and returns the total', async () => {
    const sizes = [10, 10, 4];
    const limits: number[] = [];
    const total = await purgeInBatches(
      async (limit) => {
        limits.push(limit);
        return sizes.shift() ?? 0;
      },
      undefined,
      10,
    );
    expect(total).toBe(24);
    expect(limits).toEqual([10, 10, 10]);
  });

  it('pauses after each full batch for PURGE_PAUSE_FACTOR times as long as it took', async () => {
    const batchMs = 20;
    let calls = 0;
    const started = performance.now();
    await purgeInBatches(
      async (limit) => {
        calls += 1;
        await sleep(batchMs);
        return calls < 3 ? limit : 0;
      },
      undefined,
      5,
    );
    // Three batches and the two pauses after the full ones; timers never fire early by more
    // than a millisecond, so this lower bound cannot flake (an upper bound could).
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(3 * batchMs + 2 * PURGE_PAUSE_FACTOR * batchMs - 5);
  });

  it('stops when its signal aborts, mid-pause, with what it deleted so far', async () => {
    const shutdown = new AbortController();
    let calls = 0;
    const started = performance.now();
    const total = await purgeInBatches(
      async (limit) => {
        calls += 1;
        // A backlog that never ends: the long batch makes a long pause, which the abort cuts.
        if (calls === 2) setTimeout(() => shutdown.abort(), 250);
        await sleep(calls === 2 ? 200 : 1);
        return limit;
      },
      shutdown.signal,
      7,
    );
    expect(total).toBe(14);
    expect(calls).toBe(2);
    // The pause after the 200 ms batch would last 600 ms; the abort came 50 ms into it.
    expect(performance.now() - started).toBeLessThan(650);
  });

  it('deletes nothing more once its signal has aborted before a batch ends', async () => {
    const shutdown = new AbortController();
    let calls = 0;
    const total = await purgeInBatches(
      async (limit) => {
        calls += 1;
        shutdown.abort();
        return limit;
      },
      shutdown.signal,
      3,
    );
    expect(total).toBe(3);
    expect(calls).toBe(1);
  });
});

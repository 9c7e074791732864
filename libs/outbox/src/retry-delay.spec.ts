import { retryDelaySeconds, retryDelayWithinSeconds } from './retry-delay';

describe(retryDelaySeconds.name, () => {
  it('doubles from the base delay on each attempt', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 30, 0.5))).toEqual([30, 60, 120, 240]);
  });

  it('never waits more than six hours, nor less than a second', () => {
    expect(retryDelaySeconds(40, 30, 0.5)).toBe(6 * 3600);
    expect(retryDelaySeconds(1, 1, 0)).toBe(1);
  });

  it('spreads retries by at most a fifth either way', () => {
    expect(retryDelaySeconds(2, 100, 0)).toBe(160);
    expect(retryDelaySeconds(2, 100, 1)).toBe(240);
  });
});

describe(retryDelayWithinSeconds.name, () => {
  const DAY = 86_400;

  /** The attempt times (seconds after queuing) of a message that always fails, no jitter. */
  function schedule(base: number, window: number): number[] {
    const times = [0];
    for (let attempts = 1; ; attempts += 1) {
      const delay = retryDelayWithinSeconds(attempts, base, times[times.length - 1], window, 0.5);
      if (delay === null) return times;
      times.push(times[times.length - 1] + delay);
    }
  }

  it('backs off exponentially from the base, at most six hours apart, for the whole window', () => {
    const times = schedule(30, DAY);
    expect(times.slice(0, 6)).toEqual([0, 30, 90, 210, 450, 930]);
    const gaps = times.slice(1).map((time, i) => time - times[i]);
    expect(Math.max(...gaps)).toBe(6 * 3600);
    expect(times[times.length - 1]).toBe(DAY);
    expect(times.length).toBe(14);
  });

  it('places the last retry at the end of the window, then gives up', () => {
    expect(retryDelayWithinSeconds(10, 30, DAY - 100, DAY, 0.5)).toBe(100);
    expect(retryDelayWithinSeconds(11, 30, DAY, DAY, 0.5)).toBeNull();
    expect(retryDelayWithinSeconds(1, 30, DAY + 5, DAY, 0.5)).toBeNull();
  });

  it('never answers less than a second before the end', () => {
    expect(retryDelayWithinSeconds(3, 30, DAY - 0.2, DAY, 0.5)).toBe(1);
  });
});

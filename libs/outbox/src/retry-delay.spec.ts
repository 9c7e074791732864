import { retryDelaySeconds } from './retry-delay';

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

import { Coalescer } from './coalescer';

describe(Coalescer.name, () => {
  let now = 0;
  beforeEach(() => {
    jest.useFakeTimers();
    now = 1_000_000;
  });
  afterEach(() => jest.useRealTimers());

  const advance = async (ms: number) => {
    now += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('runs the first call at once and folds the calls of the next second into one run', async () => {
    const coalescer = new Coalescer(1000, () => now);
    const runs: number[] = [];
    let state = 0;
    const work = async () => void runs.push(state);
    state = 1;
    await coalescer.run('c1', work);
    expect(runs).toEqual([1]);
    for (state = 2; state <= 5; state += 1) {
      await coalescer.run('c1', work);
      await advance(100);
    }
    expect(runs).toEqual([1]);
    await advance(600);
    // One run at the end of the second, with the state as it was then (the last change).
    expect(runs).toEqual([1, 6]);
    await advance(5000);
    expect(runs).toEqual([1, 6]);
    expect(coalescer.pending).toBe(0);
  });

  it('keeps keys apart', async () => {
    const coalescer = new Coalescer(1000, () => now);
    const runs: string[] = [];
    await coalescer.run('a', async () => void runs.push('a'));
    await coalescer.run('b', async () => void runs.push('b'));
    expect(runs).toEqual(['a', 'b']);
  });

  it('runs at once again once a quiet interval has passed', async () => {
    const coalescer = new Coalescer(1000, () => now);
    const runs: number[] = [];
    await coalescer.run('c', async () => void runs.push(1));
    await advance(1500);
    await coalescer.run('c', async () => void runs.push(2));
    expect(runs).toEqual([1, 2]);
  });

  it('never runs a key more than once per interval under a steady stream of calls', async () => {
    const coalescer = new Coalescer(1000, () => now);
    const at: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      await coalescer.run('hot', async () => void at.push(now));
      await advance(70);
    }
    await advance(2000);
    for (let i = 1; i < at.length; i += 1) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(at.length).toBeGreaterThanOrEqual(4);
  });

  it('flush runs what is pending', async () => {
    const coalescer = new Coalescer(1000, () => now);
    const runs: number[] = [];
    await coalescer.run('c', async () => void runs.push(1));
    await coalescer.run('c', async () => void runs.push(2));
    await coalescer.flush();
    expect(runs).toEqual([1, 2]);
  });

  it('dueNow: the caller runs the first itself; later ones fold into one run of `later`', async () => {
    const coalescer = new Coalescer(1000, () => now);
    const later: number[] = [];
    expect(coalescer.dueNow('c', async () => void later.push(1))).toBe(true);
    expect(coalescer.dueNow('c', async () => void later.push(2))).toBe(false);
    await advance(300);
    expect(coalescer.dueNow('c', async () => void later.push(3))).toBe(false);
    expect(later).toEqual([]);
    await advance(700);
    // The last one scheduled, once, at the end of the interval that began with the first.
    expect(later).toEqual([3]);
    expect(coalescer.pending).toBe(0);
    await advance(1500);
    expect(coalescer.dueNow('c', async () => void later.push(4))).toBe(true);
    expect(later).toEqual([3]);
  });
});

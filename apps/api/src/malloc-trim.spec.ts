import { loadMallocTrim, trimMallocEvery } from './malloc-trim';

describe('malloc trim', () => {
  afterEach(() => jest.useRealTimers());

  it('calls glibc malloc_trim on Linux with glibc', () => {
    const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
    const glibc = process.platform === 'linux' && !!report.header?.glibcVersionRuntime;
    const trim = loadMallocTrim();
    if (!glibc) {
      expect(trim).toBeNull();
      return;
    }
    expect(trim).not.toBeNull();
    // 1 when memory was released, 0 when there was none to release.
    expect([0, 1]).toContain(trim!(0));
  });

  it('trims at the interval, and never with 0', () => {
    jest.useFakeTimers();
    const trim = jest.fn(() => 1);
    expect(trimMallocEvery(0, trim)).toBe(false);
    expect(trimMallocEvery(1000, trim)).toBe(true);
    jest.advanceTimersByTime(3500);
    expect(trim).toHaveBeenCalledTimes(3);
    expect(trim).toHaveBeenCalledWith(0);
    jest.clearAllTimers();
  });
});

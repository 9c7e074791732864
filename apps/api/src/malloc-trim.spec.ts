import { loadMallocTrim, TRIM_AFTER_GROWTH_BYTES, trimMallocEvery } from './malloc-trim';

const MB = 1024 * 1024;

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
    let rss = 100 * MB;
    // Grows 3 MB between checks; a trim takes it back down by 1 MB.
    const resident = () => rss;
    trim.mockImplementation(() => ((rss -= MB), 1));
    expect(trimMallocEvery(0, trim, resident)).toBe(false);
    expect(trimMallocEvery(1000, trim, resident)).toBe(true);
    for (let i = 0; i < 3; i += 1) {
      rss += 3 * MB;
      jest.advanceTimersByTime(1000);
    }
    expect(trim).toHaveBeenCalledTimes(3);
    expect(trim).toHaveBeenCalledWith(0);
    jest.clearAllTimers();
  });

  it('skips a trim until the resident size has grown by TRIM_AFTER_GROWTH_BYTES', () => {
    jest.useFakeTimers();
    let rss = 100 * MB;
    const trim = jest.fn(() => ((rss = 101 * MB), 1));
    trimMallocEvery(200, trim, () => rss);
    rss += TRIM_AFTER_GROWTH_BYTES - 1;
    jest.advanceTimersByTime(200);
    expect(trim).not.toHaveBeenCalled();
    // It fell meanwhile: growth counts from the lowest it reached.
    rss = 95 * MB;
    jest.advanceTimersByTime(200);
    rss = 95 * MB + TRIM_AFTER_GROWTH_BYTES;
    jest.advanceTimersByTime(200);
    expect(trim).toHaveBeenCalledTimes(1);
    // After the trim, from the level it left (101 MB).
    rss = 101 * MB + TRIM_AFTER_GROWTH_BYTES - 1;
    jest.advanceTimersByTime(200);
    expect(trim).toHaveBeenCalledTimes(1);
    rss += 1;
    jest.advanceTimersByTime(200);
    expect(trim).toHaveBeenCalledTimes(2);
    jest.clearAllTimers();
  });
});

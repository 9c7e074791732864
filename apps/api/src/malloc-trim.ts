type Trim = (pad: number) => number;

/**
 * glibc's malloc gives memory back to the system only from the top of each arena, so what V8's
 * compiler and GC threads, node-postgres and Prisma free under load stays resident: the malloc
 * arenas of a busy instance held 40–90 MB of free memory (malloc_stats during the bench, 13 MB
 * in use). `malloc_trim(0)` returns every free page. Called through koffi (a prebuilt FFI, no
 * compiler needed); null where it cannot be (musl has no malloc_trim, koffi has no build).
 */
export function loadMallocTrim(): Trim | null {
  try {
    // Required here, not at import: with MALLOC_TRIM_INTERVAL_MS=0 koffi is never loaded.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const koffi = require('koffi') as typeof import('koffi');
    return koffi.load(null).func('int malloc_trim(size_t pad)') as Trim;
  } catch {
    return null;
  }
}

/** Growth of the resident size (since the last trim, or the lowest after it) that trims. */
export const TRIM_AFTER_GROWTH_BYTES = 2 * 1024 * 1024;

/**
 * Trims malloc's free memory every `intervalMs` (0: never) when the resident size has grown by
 * TRIM_AFTER_GROWTH_BYTES since the last trim (or since the lowest it fell to after it); false
 * where malloc_trim is not available. Only pages taken since can have been freed into malloc
 * unreturned, and a trim is not free: 2–8 ms of the main thread on a busy 2-core host, up to
 * 18 ms when it returns tens of MB; most trims at a fixed interval returned under 2 MB.
 */
export function trimMallocEvery(
  intervalMs: number,
  trim: Trim | null = null,
  resident: () => number = () => process.memoryUsage.rss(),
): boolean {
  if (intervalMs <= 0) return false;
  const run = trim ?? loadMallocTrim();
  if (!run) return false;
  let floor = resident();
  setInterval(() => {
    const now = resident();
    if (now - floor < TRIM_AFTER_GROWTH_BYTES) {
      floor = Math.min(floor, now);
      return;
    }
    run(0);
    floor = resident();
  }, intervalMs).unref();
  return true;
}

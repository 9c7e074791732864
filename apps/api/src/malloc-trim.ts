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

/**
 * Trims malloc's free memory every `intervalMs` (0: never); false where malloc_trim is not
 * available. A trim of a busy instance's arenas takes about a millisecond.
 */
export function trimMallocEvery(intervalMs: number, trim: Trim | null = null): boolean {
  if (intervalMs <= 0) return false;
  const run = trim ?? loadMallocTrim();
  if (!run) return false;
  setInterval(() => run(0), intervalMs).unref();
  return true;
}

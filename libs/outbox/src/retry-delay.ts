const MAX_DELAY_SECONDS = 6 * 3600;

/**
 * Exponential backoff: the first retry waits `baseSeconds`, each later one twice as long, at most
 * six hours; ±20% jitter so that messages failing together do not retry together.
 */
export function retryDelaySeconds(
  attempts: number,
  baseSeconds: number,
  random = Math.random(),
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const delay = Math.min(baseSeconds * 2 ** exponent, MAX_DELAY_SECONDS);
  return Math.max(1, Math.round(delay * (0.8 + 0.4 * random)));
}

/**
 * The backoff of a message retried within a window: null once `elapsedSeconds` (since it was
 * queued) reach the window (give up); otherwise the usual delay, cut so that the last retry falls
 * at the window's end rather than after it.
 */
export function retryDelayWithinSeconds(
  attempts: number,
  baseSeconds: number,
  elapsedSeconds: number,
  windowSeconds: number,
  random = Math.random(),
): number | null {
  const left = windowSeconds - elapsedSeconds;
  if (left <= 0) return null;
  return Math.min(retryDelaySeconds(attempts, baseSeconds, random), Math.max(1, Math.ceil(left)));
}

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

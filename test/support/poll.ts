/**
 * Runs `check` every `intervalMs` until it holds or `deadlineMs` has passed, and says whether it
 * held: for work a spec starts and the app finishes on its own (a retry, a worker, a recovery).
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  deadlineMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

/** pollUntil that fails the spec when the deadline comes first. */
export async function waitUntil(
  check: () => Promise<boolean>,
  deadlineMs = 20_000,
  intervalMs = 100,
): Promise<void> {
  if (!(await pollUntil(check, deadlineMs, intervalMs))) throw new Error('timed out');
}

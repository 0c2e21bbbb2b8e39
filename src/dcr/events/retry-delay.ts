/** No retry waits longer than this, however many attempts failed. */
const MAX_RETRY_DELAY_MS = 15 * 60_000;

/**
 * Exponential backoff with jitter: `baseMs` after the first failure, doubling with each further
 * one, capped at 15 minutes, each delay drawn from its upper half. The jitter keeps the instances
 * (and the events of a receiver that was down) from retrying in lockstep.
 * @internal
 */
export function retryDelay(failedAttempts: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

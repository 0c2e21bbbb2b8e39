/** What one registration under fault got. */
export interface Outcome {
  status: number;
  retryAfter: string | null;
  client?: { client_id: string; client_secret: string; registration_access_token: string };
  /** Milliseconds from request to answer. */
  tookMs: number;
}

const body = JSON.stringify({ grant_types: ['client_credentials'], client_name: 'Under fault' });

/** One registration; a refused or reset connection is status 0. */
export async function register(url: string): Promise<Outcome> {
  const started = Date.now();
  try {
    const response = await fetch(`${url}/oauth2/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const json = (await response.json().catch(() => undefined)) as Outcome['client'];
    return { status: response.status, retryAfter: response.headers.get('retry-after'), client: response.status === 201 ? json : undefined, tookMs: Date.now() - started };
  } catch {
    return { status: 0, retryAfter: null, tookMs: Date.now() - started };
  }
}

/**
 * `workers` loops of registrations, one after another each, until `stop()` resolves; bounded by
 * `maxMs` whatever happens. Loopback only.
 */
export async function underLoad(url: string, workers: number, stop: () => Promise<void>, maxMs = 60_000): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let done = false;
  const deadline = Date.now() + maxMs;
  const worker = async () => {
    while (!done && Date.now() < deadline) outcomes.push(await register(url));
  };
  const running = Array.from({ length: workers }, worker);
  await stop();
  done = true;
  await Promise.all(running);
  return outcomes;
}

/** Counts of each status, for messages. */
export function tally(outcomes: Outcome[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of outcomes) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

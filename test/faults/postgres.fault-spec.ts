/**
 * Faults of PostgreSQL under the example host (a process of its own, on a cluster of the test's
 * own). What each test proves:
 * - The server stopped under load (immediate shutdown, as in a crash), then started again: every
 *   answer is a 201 or a 503 with `Retry-After` (no 500, no dropped connection), the host
 *   recovers in the same process, and the database holds exactly the clients answered 201.
 * - The server frozen under load (SIGSTOP: connections stay open, nothing answers, as with a
 *   network that drops packets): the same, and every answer comes within the bound the
 *   timeouts set (`POSTGRES_TIMEOUTS_MS`) instead of piling up for as long as TCP waits. A
 *   COMMIT sent just before the freeze is answered 503 and carried out on thaw; the host then
 *   removes that client, so that in the end exactly the 201s are stored.
 * - The host started while the server is down: it waits with backoff and serves once the
 *   server is up, instead of giving up after TypeORM's 9 × 3 s.
 * SIGKILL of the host under load is in test/durability.e2e-spec.ts (both databases, `npm test`).
 */
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_TIMEOUTS_MS } from '../../src/example/host-config';
import { buildHost, configWithoutRateLimits, HostProcess } from '../utils/host-process';
import { PostgresCluster } from '../utils/postgres-cluster';
import { Outcome, register, tally, underLoad, wait } from './load';

const WORKERS = 16;
/** The longest a registration may wait on a sick database: connect + a statement + its ROLLBACK, and slack. */
const BOUND_MS = POSTGRES_TIMEOUTS_MS.connect + 2 * POSTGRES_TIMEOUTS_MS.query + 2_000;

describe('PostgreSQL faults (example host)', () => {
  let cluster: PostgresCluster;
  let folder: string;
  let config: string;

  beforeAll(async () => {
    buildHost();
    cluster = await PostgresCluster.create();
    folder = mkdtempSync(join(tmpdir(), 'dcr-pg-faults-'));
    config = configWithoutRateLimits(folder); // the load comes from one address
  }, 120_000);
  afterAll(() => {
    cluster?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  async function storedIds(): Promise<Set<string>> {
    const client = new Client({ connectionString: cluster.url });
    await client.connect();
    try {
      return new Set((await client.query<{ id: string }>('SELECT id FROM tech_client')).rows.map((row) => row.id));
    } finally {
      await client.end();
    }
  }

  function expectOnly201Or503(outcomes: Outcome[]): void {
    const counts = tally(outcomes);
    expect(counts[201]).toBeGreaterThan(0);
    expect(counts[503]).toBeGreaterThan(0);
    for (const outcome of outcomes) {
      expect([201, 503]).toContain(outcome.status);
      if (outcome.status === 503) expect(outcome.retryAfter).toBe('5');
    }
  }

  async function expectExactlyThe201s(outcomes: Outcome[], before: Set<string>): Promise<void> {
    const acknowledged = outcomes.filter((outcome) => outcome.status === 201).map((outcome) => outcome.client!.client_id);
    let stored = await storedIds();
    // A COMMIT that got no answer in time was answered 503 but may have been carried out after
    // the server came back; the host removes such a client in the background, within seconds.
    for (let waited = 0; stored.size - before.size > acknowledged.length && waited < 40_000; waited += 1_000) {
      await wait(1_000);
      stored = await storedIds();
    }
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size - before.size).toBe(acknowledged.length);
  }

  it('stopped under load, then started again: only 201 or 503 with Retry-After, recovered in the same process, exactly the 201s stored', async () => {
    const host = await HostProcess.start({ DATABASE_URL: cluster.url, DCR_CONFIG: config });
    try {
      const before = await storedIds();
      const outcomes = await underLoad(host.url, WORKERS, async () => {
        await wait(1_000);
        cluster.stop();
        await wait(2_000);
        cluster.start();
        await wait(3_000);
      });
      expectOnly201Or503(outcomes);
      expect(outcomes.slice(-WORKERS).every((outcome) => outcome.status === 201)).toBe(true);
      await expectExactlyThe201s(outcomes, before);
    } finally {
      await host.kill();
    }
  }, 120_000);

  it('frozen under load: only 201 or 503 with Retry-After, each within the bound, then recovered, exactly the 201s stored', async () => {
    const host = await HostProcess.start({ DATABASE_URL: cluster.url, DCR_CONFIG: config });
    try {
      const before = await storedIds();
      const outcomes = await underLoad(host.url, WORKERS, async () => {
        await wait(1_000);
        cluster.freeze();
        try {
          await wait(8_000);
        } finally {
          cluster.thaw();
        }
        await wait(BOUND_MS);
      });
      expectOnly201Or503(outcomes);
      expect(Math.max(...outcomes.map((outcome) => outcome.tookMs))).toBeLessThan(BOUND_MS);
      expect(outcomes.slice(-WORKERS).every((outcome) => outcome.status === 201)).toBe(true);
      await expectExactlyThe201s(outcomes, before);
    } finally {
      await host.kill();
    }
  }, 120_000);

  it('a host started while the server is down waits for it and serves once it is up', async () => {
    cluster.stop();
    const starting = HostProcess.start({ DATABASE_URL: cluster.url, DCR_CONFIG: config }, { startTimeoutMs: 60_000 });
    await wait(5_000);
    cluster.start();
    const host = await starting;
    try {
      expect((await register(host.url)).status).toBe(201);
      expect(host.output.join('')).toMatch(/PostgreSQL is not reachable .* attempt 1 of 10/);
    } finally {
      await host.kill();
    }
  }, 120_000);
});

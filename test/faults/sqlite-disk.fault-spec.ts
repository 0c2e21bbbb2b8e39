/**
 * Faults of the disk under the example host on SQLite, each injected into the running process.
 * What each test proves:
 * - I/O errors under load (strace injects EIO into every third `pwrite64`, or every third
 *   `fsync`, for two seconds): every answer is a 201 or a 503 with `Retry-After`, never a 500 or a dropped
 *   connection, and afterwards the file holds exactly the clients answered 201 (nothing
 *   acknowledged is lost, nothing refused is stored). Registrations succeed again as soon as
 *   the errors stop, in the same process.
 * - A full disk (ENOSPC on every write): registrations get 503 with `Retry-After`, readiness
 *   (`/health/ready`) answers 503 while liveness (`/health/live`) answers 200, and both
 *   recover without a restart once space is back.
 * - A file that is read-only when the host starts (`chattr +i`): readiness 503 and
 *   registrations 503; once the file is writable again, the next readiness check opens the
 *   database again and registrations succeed, without a restart.
 * Needs root, strace and chattr on the file system of the temporary folder; skipped otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { straceAvailable } from '../utils/flush-trace';
import { buildHost, configWithoutRateLimits, HostProcess } from '../utils/host-process';
import { Outcome, register, tally, underLoad, wait } from './load';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string, options?: { readonly?: boolean }) => {
  prepare(sql: string): { all(): { id: string }[] };
  close(): void;
};

const folder = mkdtempSync(join(tmpdir(), 'dcr-faults-'));
const chattrWorks = (() => {
  const probe = join(folder, 'chattr-probe');
  writeFileSync(probe, '');
  const ok = spawnSync('chattr', ['+i', probe]).status === 0;
  spawnSync('chattr', ['-i', probe]);
  return ok;
})();
/**
 * Enough registrations in flight that a group commit holds more dirty pages than SQLite's page
 * cache: it then writes some to the log before the COMMIT, so an injected error can fail a write
 * inside its savepoint, which rolls back the whole batch (not only at the COMMIT).
 */
const WORKERS = 128;
const withStrace = straceAvailable() ? it : it.skip;
const withChattr = chattrWorks ? it : it.skip;

/** Injects `error` into the host's `call`s (`when`: strace's selector) until the returned function is called. */
async function injectErrors(pid: number, call: 'pwrite64' | 'fsync', error: 'EIO' | 'ENOSPC', when: string): Promise<() => Promise<void>> {
  const tracer = spawn('strace', ['-f', '-qq', '-o', '/dev/null', '-e', `trace=${call}`, '-e', `inject=${call}:error=${error}:when=${when}`, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  await wait(1_000); // attaching to every thread
  return async () => {
    const exited = new Promise((resolve) => tracer.once('exit', resolve));
    tracer.kill('SIGINT');
    await exited;
  };
}

function storedIds(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    return new Set(db.prepare('SELECT id FROM tech_client').all().map((row) => row.id));
  } finally {
    db.close();
  }
}

const health = async (url: string, which: 'live' | 'ready') => (await fetch(`${url}/health/${which}`)).status;

describe('SQLite disk faults (example host)', () => {
  beforeAll(() => buildHost(), 120_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const withStraceEach = straceAvailable() ? it.each : it.skip.each;
  withStraceEach(['pwrite64', 'fsync'] as const)('I/O errors in %s under load: only 201 or 503 with Retry-After, and exactly the 201s are stored', async (call) => {
    const file = join(folder, `eio-${call}.sqlite`);
    const host = await HostProcess.start({ DATABASE_URL: `sqlite:${file}`, DCR_CONFIG: configWithoutRateLimits(folder) });
    let outcomes: Outcome[] = [];
    try {
      outcomes = await underLoad(host.url, WORKERS, async () => {
        await wait(500);
        const stop = await injectErrors(host.pid, call, 'EIO', '5+3');
        await wait(2_000);
        await stop();
        await wait(1_000);
      });
    } finally {
      await host.kill('SIGKILL');
    }
    const counts = tally(outcomes);
    expect(Object.keys(counts).sort()).toEqual(expect.arrayContaining(['201', '503']));
    for (const outcome of outcomes) {
      expect([201, 503]).toContain(outcome.status);
      if (outcome.status === 503) expect(outcome.retryAfter).toBe('5');
    }
    // Registrations succeed again once the errors stop (the last answers are 201s).
    expect(outcomes.slice(-WORKERS).every((outcome) => outcome.status === 201)).toBe(true);
    const acknowledged = outcomes.filter((outcome) => outcome.status === 201).map((outcome) => outcome.client!.client_id);
    const stored = storedIds(file);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]); // nothing acknowledged is lost
    expect(stored.size).toBe(acknowledged.length); // nothing refused is stored
  }, 120_000);

  withStrace('a full disk: 503 with Retry-After, readiness 503 and liveness 200, all recovered without a restart', async () => {
    const host = await HostProcess.start({ DATABASE_URL: `sqlite:${join(folder, 'full.sqlite')}`, DCR_CONFIG: configWithoutRateLimits(folder) });
    try {
      expect((await register(host.url)).status).toBe(201);
      expect(await health(host.url, 'ready')).toBe(200);
      const stop = await injectErrors(host.pid, 'pwrite64', 'ENOSPC', '1+');
      try {
        const during = await Promise.all(Array.from({ length: 5 }, () => register(host.url)));
        expect(during.map((outcome) => [outcome.status, outcome.retryAfter])).toEqual(Array(5).fill([503, '5']));
        expect(await health(host.url, 'ready')).toBe(503);
        expect(await health(host.url, 'live')).toBe(200);
      } finally {
        await stop();
      }
      expect(await health(host.url, 'ready')).toBe(200);
      expect((await register(host.url)).status).toBe(201);
    } finally {
      await host.kill();
    }
  }, 60_000);

  withChattr('a file read-only at start: readiness 503 and 503s until it is writable, then recovered without a restart', async () => {
    const file = join(folder, 'readonly.sqlite');
    const env = { DATABASE_URL: `sqlite:${file}`, DCR_CONFIG: configWithoutRateLimits(folder) };
    const first = await HostProcess.start(env);
    const before = await register(first.url);
    expect(before.status).toBe(201);
    await first.kill('SIGTERM');

    spawnSync('chattr', ['+i', file]);
    let host: HostProcess | undefined;
    try {
      host = await HostProcess.start(env);
      expect(await health(host.url, 'live')).toBe(200);
      expect(await health(host.url, 'ready')).toBe(503);
      const refused = await register(host.url);
      expect([refused.status, refused.retryAfter]).toEqual([503, '5']);
    } finally {
      spawnSync('chattr', ['-i', file]);
    }
    try {
      expect(await health(host.url, 'ready')).toBe(200);
      const after = await register(host.url);
      expect(after.status).toBe(201);
      const stored = storedIds(file);
      expect(stored).toEqual(new Set([before.client!.client_id, after.client!.client_id]));
    } finally {
      await host.kill();
    }
  }, 60_000);
});

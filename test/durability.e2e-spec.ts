import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import request from 'supertest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/example/host-config';
import { flushesOf, flushTracer, straceAvailable } from './utils/flush-trace';
import { buildHost, configWithoutRateLimits, databaseUrl, HostProcess } from './utils/host-process';
import { createTestApp, profile } from './utils/test-app';
import { RecordingLogger } from './utils/recording-logger';
import { createTestDatabase, TestDatabase, testDriver } from './utils/test-database';

const body = JSON.stringify({ grant_types: ['client_credentials'], client_name: 'Durable' });

async function register(url: string): Promise<{ status: number; body?: Record<string, string> }> {
  const response = await fetch(`${url}/oauth2/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: response.status, body: response.status === 201 ? ((await response.json()) as Record<string, string>) : undefined };
}

const onSqlite = testDriver() === 'sqlite' ? it : it.skip;
/** Counting flushes needs `strace` (installed by CI) and the SQLite file. */
const tracingFlushes = testDriver() === 'sqlite' && straceAvailable() ? it : it.skip;

/** Resolves once nothing accepts connections on `port` any more (bounded: 10 s). */
async function untilRefused(host: string, port: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (!accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`port ${port} still accepts connections`);
}

describe('durability', () => {
  it('the example host keeps SQLite at synchronous=FULL once the file has been read and written (WAL, memory-mapped reads)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dcr-sync-'));
    const source = await new DataSource({ ...databaseOptions(`sqlite:${join(folder, 'dcr.sqlite')}`), logging: false } as never).initialize();
    try {
      // A WAL file whose level was left at its default falls to NORMAL on first use: look after it.
      await source.query('SELECT COUNT(*) FROM tech_client');
      await source.query("INSERT INTO dcr_client_counter (counter_key, live) VALUES ('durability', 0)");
      expect(await source.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await source.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
      const [{ mmap_size: mapped }] = await source.query('PRAGMA mmap_size');
      expect(mapped).toBeGreaterThanOrEqual(1024 ** 3);
    } finally {
      await source.destroy();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  onSqlite('the module raises a host SQLite connection left at the WAL default (NORMAL) to FULL, and says so', async () => {
    const database = await createTestDatabase();
    const { prepareDatabase: _explicitLevel, ...options } = database.options as { prepareDatabase?: unknown };
    const logger = new RecordingLogger();
    const t = await createTestApp(profile('default'), { logger, database: { ...database, options: options as never } });
    try {
      await request(t.http).post('/oauth2/register').set('Content-Type', 'application/json').send(body).expect(201);
      expect(await t.dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
      expect(logger.text()).toMatch(/warn SQLite synchronous was NORMAL: .* Set to FULL/);
    } finally {
      await t.close();
      await database.drop();
    }
  });

  it('500 concurrent registrations give 500 distinct ids and exactly 500 rows', async () => {
    const t = await createTestApp(profile('default'));
    try {
      const server = t.app.getHttpServer();
      const responses = await Promise.all(
        Array.from({ length: 500 }, () => request(server).post('/oauth2/register').set('Content-Type', 'application/json').send(body)),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(500).fill(201));
      expect(new Set(responses.map((response) => response.body.client_id)).size).toBe(500);
      expect(await t.countClients()).toBe(500);
    } finally {
      await t.close();
    }
  }, 60_000);

  describe('the example host as a process', () => {
    let database: TestDatabase;
    let folder: string;
    let config: string;
    beforeAll(async () => {
      buildHost();
      database = await createTestDatabase();
      folder = mkdtempSync(join(tmpdir(), 'dcr-durable-'));
      config = configWithoutRateLimits(folder);
    }, 120_000);
    afterAll(async () => {
      await database?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    tracingFlushes('flushes the WAL before each 201: N registrations one after another make N flushes', async () => {
      const trace = join(folder, 'flushes.trace');
      const host = await HostProcess.start({ DATABASE_URL: `sqlite:${join(folder, 'flushes.sqlite')}`, DCR_CONFIG: config }, { wrapper: flushTracer(trace) });
      try {
        expect((await register(host.url)).status).toBe(201); // the file has been read and written
        const start = flushesOf(trace, '-wal');
        for (let i = 0; i < 20; i++) {
          expect((await register(host.url)).status).toBe(201);
          // Counted when the answer has come: the flush happened before the 201 was sent.
          expect(flushesOf(trace, '-wal') - start).toBeGreaterThanOrEqual(i + 1);
        }
        expect(flushesOf(trace, '-wal') - start).toBeLessThanOrEqual(22); // one per commit, and a checkpoint's at most
      } finally {
        await host.kill();
      }
    }, 60_000);

    tracingFlushes('a rate-limited registration still flushes once: the hit rides unflushed, and a killed process forgets no hit', async () => {
      const file = join(folder, 'rate-limited.sqlite');
      const limited = join(folder, 'rate-limited.json');
      const options = JSON.parse(readFileSync(join(__dirname, '..', 'config', 'default.json'), 'utf8'));
      writeFileSync(limited, JSON.stringify({ ...options, rateLimit: { registration: { limit: 8, windowSeconds: 3600 } } }));
      const trace = join(folder, 'rate-limited.trace');
      let host = await HostProcess.start({ DATABASE_URL: `sqlite:${file}`, DCR_CONFIG: limited }, { wrapper: flushTracer(trace) });
      try {
        expect((await register(host.url)).status).toBe(201);
        const start = flushesOf(trace, '-wal');
        for (let i = 0; i < 5; i++) expect((await register(host.url)).status).toBe(201);
        // One flush per registration (the client row), not two (and the hit's): a checkpoint's at most besides.
        expect(flushesOf(trace, '-wal') - start).toBeGreaterThanOrEqual(5);
        expect(flushesOf(trace, '-wal') - start).toBeLessThanOrEqual(6);
      } finally {
        await host.kill();
      }
      // Six hits are counted. Two more registrations, the host killed right after the second hit is answered...
      host = await HostProcess.start({ DATABASE_URL: `sqlite:${file}`, DCR_CONFIG: limited });
      try {
        expect((await register(host.url)).status).toBe(201);
        expect((await register(host.url)).status).toBe(201);
      } finally {
        await host.kill('SIGKILL');
      }
      // ...and the next process still knows all eight: the ninth is refused.
      host = await HostProcess.start({ DATABASE_URL: `sqlite:${file}`, DCR_CONFIG: limited });
      try {
        expect((await register(host.url)).status).toBe(429);
      } finally {
        await host.kill();
      }
    }, 60_000);

    tracingFlushes('the group commit shares one flush among the writes of a turn, and flushes each write of its own', () => {
      // How many registrations reach the store in one turn depends on the machine's load, so the
      // sharing is counted on the batch itself, in a process of its own under strace.
      const flushes = (mode: string, count: number) => {
        const name = `${mode}-${count}`;
        const trace = join(folder, `${name}.trace`);
        const [command, ...args] = flushTracer(trace);
        const script = join(__dirname, 'fixtures', 'group-commit.js');
        const result = spawnSync(command, [...args, process.execPath, script, join(folder, `${name}.sqlite`), mode, String(count)], { encoding: 'utf8' });
        if (result.status !== 0) throw new Error(result.stderr);
        expect(Number(result.stdout.trim())).toBe(count);
        return flushesOf(trace, '-wal');
      };
      // Opening, creating the table and closing (its checkpoint) flush too: counted once, without writes.
      const setUp = flushes('together', 0);
      expect(flushes('together', 200) - setUp).toBe(1);
      expect(flushes('one-by-one', 200) - setUp).toBeGreaterThanOrEqual(200);
    }, 60_000);

    it('keeps every client that got a 201 (it still authenticates) when killed with SIGKILL under load', async () => {
      const env = { DATABASE_URL: databaseUrl(database), DCR_CONFIG: config };
      const host = await HostProcess.start(env);
      const created: Record<string, string>[] = [];
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const result = await register(host.url).catch(() => undefined);
          if (result?.status === 201) created.push(result.body!);
          if (!result) return; // connection refused or reset: the process is gone
        }
      };
      let running = 16;
      const workers = Array.from({ length: running }, () => worker().finally(() => running--));
      while (created.length < 150 && running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(created.length).toBeGreaterThanOrEqual(150);
      expect(await host.kill('SIGKILL')).toBe('SIGKILL');
      stop = true;
      await Promise.all(workers);

      const restarted = await HostProcess.start(env);
      try {
        for (const client of created) {
          const response = await fetch(`${restarted.url}/oauth2/register/${client.client_id}`, {
            headers: { Authorization: `Bearer ${client.registration_access_token}` },
          });
          expect(response.status).toBe(200);
          expect(((await response.json()) as { client_id: string }).client_id).toBe(client.client_id);
          const token = await fetch(`${restarted.url}/oauth2/token`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              Authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`,
            },
            body: 'grant_type=client_credentials',
          });
          expect(token.status).toBe(200);
        }
      } finally {
        await restarted.kill();
      }
    }, 120_000);

    it('on SIGTERM stops accepting, finishes the request in flight and closes the database', async () => {
      const host = await HostProcess.start({ DATABASE_URL: databaseUrl(database), DCR_CONFIG: config });
      const { hostname, port } = new URL(host.url);
      // A registration whose body is still arriving when SIGTERM comes: the host has parsed its
      // headers (it answered 100 Continue), SIGTERM follows, and the rest of the body is sent only
      // once the host has stopped accepting connections.
      const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' };
        const req = httpRequest({ hostname, port, path: '/oauth2/register', method: 'POST', headers }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        req.once('continue', () => {
          req.write(body.slice(0, 10));
          host.child.kill('SIGTERM');
          untilRefused(hostname, Number(port)).then(() => req.end(body.slice(10)), reject);
        });
        req.flushHeaders();
      });
      const answer = await inFlight;
      expect(answer.status).toBe(201);
      expect(await host.exited()).toMatch(/^(0|SIGTERM)$/);
      await expect(register(host.url)).rejects.toThrow();

      const source = await new DataSource({ ...(database.options as object), entities: [], migrations: [] } as never).initialize();
      try {
        const placeholder = database.driver === 'postgres' ? '$1' : '?';
        const rows = await source.query(`SELECT id FROM tech_client WHERE id = ${placeholder}`, [JSON.parse(answer.body).client_id]);
        expect(rows).toHaveLength(1);
      } finally {
        await source.destroy();
      }
    }, 60_000);
  });
});

import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/example/host-config';
import { buildHost, databaseUrl, HostProcess } from './utils/host-process';
import { createTestApp, profile } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';

const body = JSON.stringify({ grant_types: ['client_credentials'], client_name: 'Durable' });

async function register(url: string): Promise<{ status: number; body?: Record<string, string> }> {
  const response = await fetch(`${url}/oauth2/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: response.status, body: response.status === 201 ? ((await response.json()) as Record<string, string>) : undefined };
}

describe('durability', () => {
  it('the example host opens SQLite in WAL mode with every commit flushed (synchronous=FULL), read through a memory map', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dcr-sync-'));
    const source = await new DataSource({ ...databaseOptions(`sqlite:${join(folder, 'dcr.sqlite')}`), migrationsRun: false } as never).initialize();
    try {
      expect(await source.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await source.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
      const [{ mmap_size: mapped }] = await source.query('PRAGMA mmap_size');
      expect(mapped).toBeGreaterThanOrEqual(1024 ** 3);
    } finally {
      await source.destroy();
      rmSync(folder, { recursive: true, force: true });
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
    beforeAll(async () => {
      buildHost();
      database = await createTestDatabase();
    }, 120_000);
    afterAll(() => database?.drop());

    it('keeps every client that got a 201 (it still authenticates) when killed with SIGKILL under load', async () => {
      const env = { DATABASE_URL: databaseUrl(database) };
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
      const host = await HostProcess.start({ DATABASE_URL: databaseUrl(database) });
      const { hostname, port } = new URL(host.url);
      // A registration whose body is still arriving when SIGTERM comes.
      const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ hostname, port, path: '/oauth2/register', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          host.child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 300);
        }, 200);
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

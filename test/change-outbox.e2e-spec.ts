import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DcrMetrics, DcrModuleOptions, TechClientEvent, TechClientInterceptor } from '../src/dcr';
import { ChangeDispatcher } from '../src/dcr/events/change-dispatcher';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { flushesOf, flushTracer, straceAvailable } from './utils/flush-trace';
import { buildHost, configWithoutRateLimits, databaseUrl, HostProcess } from './utils/host-process';
import { createTestApp, profile, TestApp } from './utils/test-app';
import { createTestDatabase, testDriver } from './utils/test-database';

const REGISTRATION = { grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', client_name: 'Outbox App' };
const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123456789abcdef';
/** Fast retries, so the suite does not wait for real backoff. */
const OUTBOX = { pollIntervalMs: 50, retryDelayMs: 20, maxAttempts: 5 };

/** Every delivery, by event id; `failures` makes the next deliveries of a client throw. */
class Recorder extends TechClientInterceptor {
  static deliveries: TechClientEvent[] = [];
  static failures = new Map<string, number>();
  onChange(event: TechClientEvent): void {
    Recorder.deliveries.push(event);
    const left = Recorder.failures.get(event.clientId) ?? 0;
    if (left > 0) {
      Recorder.failures.set(event.clientId, left - 1);
      throw new Error(`receiver down (${left} more)`);
    }
  }
  static of(clientId: string): TechClientEvent[] {
    return Recorder.deliveries.filter((event) => event.clientId === clientId);
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function outboxRows(t: TestApp, clientId: string): Promise<Record<string, unknown>[]> {
  const placeholder = t.database.driver === 'postgres' ? '$1' : '?';
  return t.dataSource.query(`SELECT id, change_type, status, attempts, last_error FROM dcr_change_event WHERE client_id = ${placeholder} ORDER BY seq`, [clientId]);
}

async function register(t: TestApp): Promise<string> {
  return (await request(t.http).post('/oauth2/register').send(REGISTRATION).expect(201)).body.client_id;
}

describe('change events through the transactional outbox', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(
      { ...profile('default'), admin: { token: ADMIN_TOKEN }, events: { outbox: OUTBOX } } as Partial<DcrModuleOptions>,
      { extras: { interceptors: [Recorder] } },
    );
  });
  afterAll(() => t.close());
  beforeEach(() => {
    Recorder.deliveries = [];
    Recorder.failures.clear();
  });

  it('writes the event with the registration and delivers it to the interceptor', async () => {
    const clientId = await register(t);
    await until(() => Recorder.of(clientId).length === 1);
    const [event] = Recorder.of(clientId);
    expect(event).toMatchObject({ change: 'created', clientId, via: 'registration', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(event.at).toBeInstanceOf(Date);
    await until(async () => (await outboxRows(t, clientId))[0]?.status === 'delivered');
    expect(await outboxRows(t, clientId)).toEqual([expect.objectContaining({ id: event.id, change_type: 'created', status: 'delivered' })]);
  });

  it('delivers again after an interceptor failure, and once more only after it succeeds', async () => {
    const clientId = await register(t).then(async (id) => {
      await until(() => Recorder.of(id).length === 1);
      return id;
    });
    Recorder.failures.set(clientId, 2);
    await request(t.http).post(`/tech-clients/${clientId}/lock`).set(AS_ADMIN).send({ reason: 'compromised' }).expect(200);
    await until(() => Recorder.of(clientId).length === 4);
    await t.app.get(ChangeDispatcher).flush();
    await new Promise((resolve) => setTimeout(resolve, 200)); // a few more polls: nothing comes again
    const locks = Recorder.of(clientId).filter((event) => event.change === 'locked');
    expect(locks).toHaveLength(3);
    expect(new Set(locks.map((event) => event.id)).size).toBe(1);
    const rows = await outboxRows(t, clientId);
    expect(rows[1]).toMatchObject({ change_type: 'locked', status: 'delivered' });
    expect(Number(rows[1].attempts)).toBe(3);
  });

  it('delivers the changes of one client in order, even when an earlier one needs retries', async () => {
    const clientId = await register(t);
    await until(() => Recorder.of(clientId).length === 1);
    // The "updated" event fails twice: the later changes must wait for it.
    Recorder.failures.set(clientId, 2);
    await request(t.http).patch(`/tech-clients/${clientId}`).set(AS_ADMIN).send({ label: 'renamed' }).expect(200);
    await request(t.http).post(`/tech-clients/${clientId}/lock`).set(AS_ADMIN).send({ reason: 'rotate keys' }).expect(200);
    await request(t.http).delete(`/tech-clients/${clientId}`).set(AS_ADMIN).expect(204);
    await until(() => Recorder.of(clientId).some((event) => event.change === 'deleted'));
    const firsts = [...new Map(Recorder.of(clientId).map((event) => [event.id, event.change])).values()];
    expect(firsts).toEqual(['created', 'updated', 'locked', 'deleted']);
    // Never a later event before an earlier one was delivered: the failed tries of "updated" come first.
    expect(Recorder.of(clientId).map((event) => event.change)).toEqual(['created', 'updated', 'updated', 'updated', 'locked', 'deleted']);
  });

  it('dead-letters an event after maxAttempts and lets the next event of the client go', async () => {
    const clientId = await register(t);
    await until(() => Recorder.of(clientId).length === 1);
    Recorder.failures.set(clientId, 100);
    await request(t.http).post(`/tech-clients/${clientId}/lock`).set(AS_ADMIN).send({ reason: 'first' }).expect(200);
    await until(async () => (await outboxRows(t, clientId))[1]?.status === 'dead');
    const rows = await outboxRows(t, clientId);
    expect(rows[1]).toMatchObject({ change_type: 'locked', status: 'dead', last_error: expect.stringContaining('receiver down') });
    expect(Number(rows[1].attempts)).toBe(OUTBOX.maxAttempts);
    expect(Recorder.of(clientId).filter((event) => event.change === 'locked')).toHaveLength(OUTBOX.maxAttempts);
    Recorder.failures.set(clientId, 0);
    await request(t.http).delete(`/tech-clients/${clientId}/lock`).set(AS_ADMIN).expect(200);
    await until(() => Recorder.of(clientId).some((event) => event.change === 'unlocked'));

    // The admin API lists the dead letter, and sends it again on request.
    await request(t.http).get('/tech-clients/change-events?status=dead').expect(401);
    const dead = await request(t.http).get('/tech-clients/change-events?status=dead&limit=200').set(AS_ADMIN).expect(200);
    const listed = dead.body.data.find((resource: { id: string }) => resource.id === rows[1].id);
    expect(listed).toMatchObject({
      type: 'change-event',
      attributes: { status: 'dead', clientId, change: 'locked', attempts: OUTBOX.maxAttempts, lastError: expect.stringContaining('receiver down'), event: { change: 'locked', clientId } },
    });
    await request(t.http).get('/tech-clients/change-events?status=lost').set(AS_ADMIN).expect(400);
    const unknown = await request(t.http).get('/tech-clients/change-events?state=dead').set(AS_ADMIN).expect(400);
    expect(unknown.body).toEqual({ error: 'invalid_request', error_description: 'unknown query parameter "state" (allowed: status, limit, cursor)' });
    const repeated = await request(t.http).get('/tech-clients/change-events?status=dead&status=pending').set(AS_ADMIN).expect(400);
    expect(repeated.body.error_description).toBe('status: must be given once');
    await request(t.http).post('/tech-clients/change-events/00000000-0000-4000-8000-000000000000/retry').set(AS_ADMIN).expect(404);
    const before = Recorder.of(clientId).length;
    const retried = await request(t.http).post(`/tech-clients/change-events/${rows[1].id}/retry`).set(AS_ADMIN).expect(200);
    expect(retried.body.data).toMatchObject({ id: rows[1].id, attributes: { status: 'pending', attempts: 0 } });
    await until(async () => (await outboxRows(t, clientId))[1]?.status === 'delivered');
    expect(Recorder.of(clientId).slice(before).map((event) => event.id)).toEqual([rows[1].id]);
    // Only a dead event can be retried.
    await request(t.http).post(`/tech-clients/change-events/${rows[1].id}/retry`).set(AS_ADMIN).expect(404);
  });

  it('prunes delivered events after the retention', async () => {
    const other = await createTestApp(
      { ...profile('default'), events: { outbox: { ...OUTBOX, retentionHours: 0 } } } as Partial<DcrModuleOptions>,
      { database: t.database, extras: { interceptors: [Recorder] } },
    );
    try {
      const clientId = await register(other);
      await other.app.get(ChangeDispatcher).flush();
      await until(async () => (await outboxRows(t, clientId))[0]?.status === 'delivered');
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await other.app.get(ChangeDispatcher).prune()).toBeGreaterThanOrEqual(1);
      expect(await outboxRows(t, clientId)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('without interceptors or webhooks', () => {
  it('writes no outbox row: nothing would receive it', async () => {
    const t = await createTestApp(profile('default'));
    try {
      const clientId = await register(t);
      expect(await outboxRows(t, clientId)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

/** `dcr_change_event_deliveries_total` by result, read from the exposition text as Prometheus would. */
async function deliveryCounts(metrics: DcrMetrics): Promise<Record<'delivered' | 'retried' | 'dead', number>> {
  const text = (await metrics.exposition())?.text ?? '';
  const count = (result: string) => Number(new RegExp(`^dcr_change_event_deliveries_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { delivered: count('delivered'), retried: count('retried'), dead: count('dead') };
}

describe('signed webhooks', () => {
  let receiver: Server;
  let url: string;
  const received: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const status = failuresLeft > 0 ? 503 : 204;
        if (failuresLeft > 0) failuresLeft--;
        received.push({ headers: req.headers, body, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/dcr`;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  it('gets the event after three failures, with a valid Standard Webhooks signature', async () => {
    const t = await createTestApp({
      ...profile('default'),
      events: { outbox: OUTBOX, webhooks: [{ url, secret: WEBHOOK_SECRET }] },
    } as Partial<DcrModuleOptions>);
    try {
      const metrics = t.app.get(DcrMetrics);
      const before = await deliveryCounts(metrics);
      failuresLeft = 3;
      const clientId = await register(t);
      await until(() => received.some((delivery) => delivery.status === 204));
      expect(received.map((delivery) => delivery.status)).toEqual([503, 503, 503, 204]);
      // What an operator reads on /metrics: three retried attempts, then one delivered (counted
      // once the outbox row is marked, just after the receiver's answer).
      await until(async () => (await deliveryCounts(metrics)).delivered > before.delivered);
      const after = await deliveryCounts(metrics);
      expect({ retried: after.retried - before.retried, delivered: after.delivered - before.delivered, dead: after.dead - before.dead }).toEqual({ retried: 3, delivered: 1, dead: 0 });
      const ids = new Set(received.map((delivery) => delivery.headers['webhook-id']));
      expect(ids.size).toBe(1);
      const { headers, body } = received[3];
      // Verified here from the definition, not with the module's own helper.
      const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
      const expected = `v1,${createHmac('sha256', Buffer.from(WEBHOOK_SECRET, 'utf8')).update(signed).digest('base64')}`;
      expect(headers['webhook-signature']).toBe(expected);
      expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
      expect(headers['content-type']).toBe('application/json');
      const payload = JSON.parse(body);
      expect(payload).toMatchObject({ id: headers['webhook-id'], type: 'tech_client.created', data: { clientId, change: 'created' } });
      // A tampered body does not match.
      const forged = createHmac('sha256', Buffer.from(WEBHOOK_SECRET, 'utf8')).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body} `).digest('base64');
      expect(headers['webhook-signature']).not.toBe(`v1,${forged}`);
      expect(JSON.stringify(received)).not.toContain(WEBHOOK_SECRET);
    } finally {
      await t.close();
    }
  });
});

/** Counts deliveries by event id, across every app instance in this process. */
class SharedReceiver extends TechClientInterceptor {
  static byId = new Map<string, number>();
  static order = new Map<string, string[]>();
  async onChange(event: TechClientEvent): Promise<void> {
    // A little work, so that the instances' claims overlap in time.
    await new Promise((resolve) => setTimeout(resolve, 2));
    SharedReceiver.byId.set(event.id!, (SharedReceiver.byId.get(event.id!) ?? 0) + 1);
    SharedReceiver.order.set(event.clientId, [...(SharedReceiver.order.get(event.clientId) ?? []), event.change]);
  }
}

describe('several instances on one database', () => {
  it('deliver every event exactly once between them, in order per client', async () => {
    const options = { ...profile('default'), admin: { token: ADMIN_TOKEN }, events: { outbox: { ...OUTBOX, pollIntervalMs: 20, batchSize: 5 } } } as Partial<DcrModuleOptions>;
    const first = await createTestApp(options, { extras: { interceptors: [SharedReceiver] } });
    const second = await createTestApp(options, { database: first.database, extras: { interceptors: [SharedReceiver] } });
    try {
      const apps = [first, second];
      const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => register(apps[i % 2])));
      await Promise.all(ids.map((id, i) => request(apps[(i + 1) % 2].http).post(`/tech-clients/${id}/lock`).set(AS_ADMIN).send({ reason: 'audit' }).expect(200)));
      await Promise.all(ids.map((id, i) => request(apps[i % 2].http).delete(`/tech-clients/${id}`).set(AS_ADMIN).expect(204)));
      const placeholder = first.database.driver === 'postgres' ? '$1' : '?';
      await until(async () => Number((await first.dataSource.query(`SELECT COUNT(*) AS n FROM dcr_change_event WHERE status = ${placeholder}`, ['pending']))[0].n) === 0);
      await Promise.all([first.app.get(ChangeDispatcher).flush(), second.app.get(ChangeDispatcher).flush()]);
      const expected = (await first.dataSource.query('SELECT id FROM dcr_change_event')).map((row: { id: string }) => row.id);
      expect(expected.length).toBeGreaterThanOrEqual(ids.length * 3);
      for (const id of expected) expect([id, SharedReceiver.byId.get(id)]).toEqual([id, 1]);
      for (const id of ids) expect(SharedReceiver.order.get(id)).toEqual(['created', 'locked', 'deleted']);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('a host killed between commit and delivery', () => {
  it('delivers the event after the restart, once to a receiver that dedupes by id', async () => {
    buildHost();
    const database = await createTestDatabase();
    const folder = mkdtempSync(join(tmpdir(), 'dcr-outbox-'));
    // The receiver refuses until the host is gone, then accepts; it dedupes by Webhook-Id as a real one must.
    let accepting = false;
    const attempts: { id: string; status: number }[] = [];
    const processed = new Map<string, number>();
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        const signed = `${id}.${req.headers['webhook-timestamp']}.${body}`;
        const valid = req.headers['webhook-signature'] === `v1,${createHmac('sha256', Buffer.from(WEBHOOK_SECRET, 'utf8')).update(signed).digest('base64')}`;
        const status = !valid ? 401 : accepting ? 200 : 503;
        attempts.push({ id, status });
        if (status === 200) processed.set(id, (processed.get(id) ?? 0) + 1);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const config = join(folder, 'outbox.json');
    const options = JSON.parse(readFileSync(join(__dirname, '..', 'config', 'default.json'), 'utf8'));
    // The first retry is 1 to 2 seconds away: the host is killed before it.
    options.events = { outbox: { pollIntervalMs: 100, retryDelayMs: 2000 }, webhooks: [{ url, secret: WEBHOOK_SECRET }] };
    writeFileSync(config, JSON.stringify(options));
    const env = { DATABASE_URL: databaseUrl(database), DCR_CONFIG: config };
    let host: HostProcess | undefined;
    try {
      host = await HostProcess.start(env);
      const response = await fetch(`${host.url}/oauth2/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(REGISTRATION) });
      expect(response.status).toBe(201);
      await until(() => attempts.length >= 1);
      // Killed once the failed attempt is recorded: the event is committed, pending and claimed by no one.
      // (Killed in the middle of an attempt, the row stays claimed until its lease runs out, then goes the same way.)
      const db = await new DataSource({ ...database.options, migrationsRun: false } as ConstructorParameters<typeof DataSource>[0]).initialize();
      try {
        await until(async () => {
          const [row] = await db.query('SELECT attempts, claimed_by FROM dcr_change_event');
          return Number(row?.attempts) === 1 && row.claimed_by === null;
        });
      } finally {
        await db.destroy();
      }
      expect(await host.kill('SIGKILL')).toBe('SIGKILL');
      const [{ id }] = attempts;
      expect(attempts).toEqual([{ id, status: 503 }]);
      expect(processed.size).toBe(0);

      accepting = true;
      host = await HostProcess.start(env);
      await until(() => processed.size === 1, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // a few more polls: it does not come again
      expect([...processed.entries()]).toEqual([[id, 1]]);
      expect(attempts.filter((attempt) => attempt.status === 200)).toEqual([{ id, status: 200 }]);
    } finally {
      await host?.kill();
      await new Promise((resolve) => receiver.close(resolve));
      await database.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Counting flushes needs `strace` and the SQLite file. */
const tracingFlushes = testDriver() === 'sqlite' && straceAvailable() ? it : it.skip;

describe('the cost of the outbox on SQLite', () => {
  tracingFlushes('a registration delivered to a webhook still flushes once: the row rides in its commit, the bookkeeping is not flushed', async () => {
    buildHost();
    const folder = mkdtempSync(join(tmpdir(), 'dcr-outbox-cost-'));
    const delivered = new Set<string>();
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        delivered.add(String(req.headers['webhook-id']));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const options = JSON.parse(readFileSync(configWithoutRateLimits(folder), 'utf8'));
    options.events = { webhooks: [{ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, secret: WEBHOOK_SECRET }] };
    const config = join(folder, 'with-webhook.json');
    writeFileSync(config, JSON.stringify(options));
    const trace = join(folder, 'flushes.trace');
    const host = await HostProcess.start({ DATABASE_URL: `sqlite:${join(folder, 'cost.sqlite')}`, DCR_CONFIG: config }, { wrapper: flushTracer(trace) });
    const register = () => fetch(`${host.url}/oauth2/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(REGISTRATION) });
    try {
      expect((await register()).status).toBe(201);
      await until(() => delivered.size === 1);
      await new Promise((resolve) => setTimeout(resolve, 50)); // its "delivered" mark
      const start = flushesOf(trace, '-wal');
      for (let i = 0; i < 20; i++) {
        expect((await register()).status).toBe(201);
        await until(() => delivered.size === i + 2);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(delivered.size).toBe(21);
      expect(flushesOf(trace, '-wal') - start).toBeGreaterThanOrEqual(20);
      expect(flushesOf(trace, '-wal') - start).toBeLessThanOrEqual(22); // one per registration, and a checkpoint's at most
    } finally {
      await host.kill();
      await new Promise((resolve) => receiver.close(resolve));
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});

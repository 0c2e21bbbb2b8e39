import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { databaseOptions, POSTGRES_TIMEOUTS_MS } from '../src/example/host-config';
import { profile, TEST_SECRET_KEY } from './utils/test-app';
import { PostgresCluster } from './utils/postgres-cluster';
import { RecordingLogger } from './utils/recording-logger';
import { createHttpApp } from './utils/http-adapter';

/**
 * PostgreSQL stops while requests arrive, then comes back. Runs on a cluster of its own (in
 * both the SQLite and the PostgreSQL e2e runs), since it stops the server.
 */
describe('PostgreSQL outage and recovery (example host)', () => {
  let cluster: PostgresCluster;
  let app: INestApplication;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    cluster = await PostgresCluster.create();
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.register({
          port: 0,
          dcr: { ...profile('default'), secretKey: TEST_SECRET_KEY },
          database: { ...databaseOptions(cluster.url), retryAttempts: 0 } as never,
          logging: { level: 'silent' },
        }),
      ],
    }).compile();
    app = await createHttpApp(moduleRef, { bodyParser: false, logger });
  }, 60_000);
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    cluster?.destroy();
  });

  const register = () => request(app.getHttpServer()).post('/oauth2/register').send({ grant_types: ['client_credentials'] });

  it('answers 503 JSON while the database is down, writes nothing half, and resumes without a restart', async () => {
    const before = await register().expect(201);
    await request(app.getHttpServer()).get('/health').expect(200);

    cluster.stop();
    const during = await Promise.all([register(), register(), register()]);
    for (const response of during) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toEqual({
        error: 'temporarily_unavailable',
        error_description: 'The client registry is temporarily unavailable; nothing was stored. Try again later.',
      });
    }
    // The cause of the 503s: one line per cause (the pool's connections end, then new ones are
    // refused), naming the driver's error; no statement, no parameter. More 503s, no more lines.
    for (let i = 0; i < 3; i++) expect((await register()).status).toBe(503);
    const causes = logger.lines.filter((line) => line.includes('503 temporarily_unavailable'));
    expect(causes.length).toBeGreaterThanOrEqual(1);
    expect(new Set(causes.map((line) => line.split(';')[0])).size).toBe(causes.length);
    for (const line of causes) {
      expect(line).toMatch(/^error 503 temporarily_unavailable \(StorageUnavailableError\) caused by \w+( \[[^\]]+\])?: \S.*; next line for this cause in 30 s at the earliest/);
      expect(line).not.toMatch(/INSERT|SELECT|client_credentials/);
    }
    expect(causes.some((line) => line.includes('ECONNREFUSED'))).toBe(true);
    for (const response of await Promise.all([register(), register(), register()])) expect(response.status).toBe(503);
    expect(logger.lines.filter((line) => line.includes('503 temporarily_unavailable'))).toEqual(causes);
    const health = await request(app.getHttpServer()).get('/health').expect(503);
    expect(health.body.status).toBe('error');
    expect(health.body.error.database.status).toBe('down');

    cluster.start();
    let after = await register();
    for (let attempt = 0; after.status !== 201 && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await register();
    }
    expect(after.status).toBe(201);
    await request(app.getHttpServer()).get('/health').expect(200);
    // Exactly the two clients that got a 201 exist: the refused ones left nothing behind.
    const rows = await app.get<DataSource>(getDataSourceToken()).query('SELECT id FROM tech_client ORDER BY created_at');
    expect(rows.map((row: { id: string }) => row.id)).toEqual([before.body.client_id, after.body.client_id]);
  }, 60_000);

  it('answers 503 with Retry-After within a bounded time while the database is frozen (no answer at all), and resumes once it thaws', async () => {
    const before = await register().expect(201);
    cluster.freeze();
    // Thawed in any case after 20 s, so that a host without timeouts fails this test (on the
    // bound below) instead of leaving a stopped server and a hung clean-up behind.
    const safety = setTimeout(() => cluster.thaw(), 20_000);
    let frozenAnswers: request.Response[];
    const started = Date.now();
    try {
      // More requests than the pool has connections: some wait for a connection, some for an answer.
      frozenAnswers = await Promise.all(Array.from({ length: 15 }, () => register()));
    } finally {
      clearTimeout(safety);
      cluster.thaw();
    }
    const elapsed = Date.now() - started;
    for (const response of frozenAnswers) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
    }
    // connect (2 s) + a statement and its ROLLBACK (3 s each): see POSTGRES_TIMEOUTS_MS.
    expect(elapsed).toBeLessThan(POSTGRES_TIMEOUTS_MS.connect + 2 * POSTGRES_TIMEOUTS_MS.query + 2_000);

    let after = await register();
    for (let attempt = 0; after.status !== 201 && attempt < 40; attempt++) after = await register();
    expect(after.status).toBe(201);
    const rows = await app.get<DataSource>(getDataSourceToken()).query('SELECT id FROM tech_client WHERE id = ANY($1)', [[before.body.client_id, after.body.client_id]]);
    expect(rows).toHaveLength(2);
  }, 60_000);
});

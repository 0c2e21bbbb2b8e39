import request from 'supertest';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TestApp } from './utils/test-app';

describe('database unavailable', () => {
  let t: TestApp;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    t = await createTestApp(profile('default'), { logger });
  });
  afterAll(() => t.close());

  it('answers 503 JSON with Retry-After, and nothing is half-written', async () => {
    await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(201);
    await t.dataSource.destroy();

    const response = await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'] });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'The client registry is temporarily unavailable; nothing was stored. Try again later.',
    });

    await t.dataSource.initialize();
    expect(await t.countClients()).toBe(1);
  });

  it('logs the cause of the 503s once, with its class and message and without the statement', async () => {
    await t.dataSource.destroy();
    try {
      for (let i = 0; i < 3; i++) await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'], client_name: 'Unstored' }).expect(503);
    } finally {
      await t.dataSource.initialize();
    }
    const causes = logger.lines.filter((line) => line.includes('503 temporarily_unavailable'));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatch(/^error 503 temporarily_unavailable \(StorageUnavailableError\) caused by \w+( \[[^\]]+\])?: .+; next line for this cause in 30 s at the earliest (undefined )?DcrModule$/);
    expect(causes[0]).not.toMatch(/INSERT|Unstored|client_credentials/);
  });
});

import request from 'supertest';
import { createTestApp, profile, TestApp } from './utils/test-app';

describe('database unavailable', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(profile('default'));
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
});

import request from 'supertest';
import { createTestApp, profile, TestApp } from './utils/test-app';

describe('CORS on the registration endpoints', () => {
  let t: TestApp;
  let off: TestApp;
  const origin = 'https://spa.example.com';

  beforeAll(async () => {
    t = await createTestApp({ ...profile('default'), cors: { allowedOrigins: [origin], maxAgeSeconds: 120 } });
    off = await createTestApp(profile('default'));
  });
  afterAll(async () => {
    await off.close();
    await t.close();
  });

  it('answers a preflight from an allowed origin', async () => {
    const response = await request(t.http).options('/oauth2/register').set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type');
    expect(response.status).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST, PUT, DELETE',
      'access-control-allow-headers': 'Authorization, Content-Type',
      'access-control-max-age': '120',
      vary: 'Origin',
    });
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('adds the origin to answers and errors, so a browser client can read them, and covers the management URI', async () => {
    const created = await request(t.http).post('/oauth2/register').set('Origin', origin).send({ grant_types: ['client_credentials'] }).expect(201);
    expect(created.headers['access-control-allow-origin']).toBe(origin);
    const refused = await request(t.http).post('/oauth2/register').set('Origin', origin).send({ redirect_uris: ['javascript:x'] }).expect(400);
    expect(refused.headers['access-control-allow-origin']).toBe(origin);
    const path = new URL(created.body.registration_client_uri).pathname;
    const preflight = await request(t.http).options(path).set('Origin', origin).set('Access-Control-Request-Method', 'PUT');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
  });

  it('gives no CORS headers to other origins, nor anywhere when the option is absent', async () => {
    const other = await request(t.http).options('/oauth2/register').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(other.status).toBe(204);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['access-control-allow-methods']).toBeUndefined();
    const plain = await request(off.http).post('/oauth2/register').set('Origin', origin).send({ grant_types: ['client_credentials'] }).expect(201);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    // Without CORS a preflight is just an OPTIONS request: 405, and nothing that lets a browser go on.
    const preflight = await request(off.http).options('/oauth2/register').set('Origin', origin).set('Access-Control-Request-Method', 'POST').expect(405);
    expect(preflight.headers.allow).toBe('POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });
});

import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { profile, TEST_SECRET_KEY } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';
import { createHttpApp } from './utils/http-adapter';

/** The example host's structured logs: request ids, audit lines, and never a secret. */
describe('logs of the example host (nestjs-pino)', () => {
  let app: INestApplication;
  let database: TestDatabase;
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const stream = new Writable({
      write(chunk, _encoding, done) {
        raw.push(chunk.toString());
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.register({ port: 0, dcr: { ...profile('default'), secretKey: TEST_SECRET_KEY }, database: database.options, logging: { level: 'debug', stream } })],
    }).compile();
    app = await createHttpApp(moduleRef, { bodyParser: false, bufferLogs: true }, (created) => created.useLogger(created.get(Logger)));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('registration, token, management and a refused query token leave no secret, token or statement in the logs', async () => {
    const http = app.getHttpServer();
    const registered = await request(http).post('/oauth2/register').set('X-Request-Id', 'req-registration-1').send({ grant_types: ['client_credentials'], client_name: 'Logged' }).expect(201);
    const { client_id, client_secret, registration_access_token, registration_client_uri } = registered.body;
    const basic = Buffer.from(`${encodeURIComponent(client_id)}:${encodeURIComponent(client_secret)}`).toString('base64');
    const token = await request(http).post('/oauth2/token').set('Authorization', `Basic ${basic}`).type('form').send({ grant_type: 'client_credentials' }).expect(200);
    await request(http).post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id, client_secret: `${client_secret}x` }).expect(401);
    const path = new URL(registration_client_uri).pathname;
    await request(http).get(path).set('Authorization', `Bearer ${registration_access_token}`).expect(200);
    await request(http).get(`${path}?access_token=${registration_access_token}`).expect(400);

    const text = raw.join('');
    for (const secret of [client_secret, registration_access_token, token.body.access_token, basic, TEST_SECRET_KEY]) {
      expect(text).not.toContain(secret);
    }
    // Every request has its id on its lines, and the audit line of the registration carries it.
    const audit = lines.find((line) => line.event === 'tech_client.created');
    expect(audit).toMatchObject({ context: 'DcrAudit', clientId: client_id, via: 'registration', req: { id: 'req-registration-1' } });
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed.length).toBeGreaterThanOrEqual(5);
    for (const line of completed) expect((line.req as { id: string }).id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(completed.map((line) => (line.req as { url: string }).url)).not.toContainEqual(expect.stringContaining('access_token'));
    expect(completed.some((line) => (line.req as { headers: { authorization?: string } }).headers.authorization === '[redacted]')).toBe(true);
  });
});

import { ConsoleLogger, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { DcrModule, DcrModuleOptions } from '../src/dcr';
import { createHttpApp, HTTP_ADAPTER } from './utils/http-adapter';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TEST_SECRET_KEY } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/** What Nest's default logger and the start-up warnings tell an operator. */
describe('operator logs', () => {
  it("writes each audit event as one line of JSON under DcrAudit with Nest's default logger", async () => {
    const written: string[] = [];
    const t = await createTestApp(profile('default'), { logger: new ConsoleLogger({ colors: false, logLevels: ['log', 'warn', 'error'] }) });
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    let body: Record<string, string>;
    try {
      body = (await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'], client_name: 'Audited' }).expect(201)).body;
    } finally {
      write.mockRestore();
      await t.close();
    }
    const audit = written.filter((chunk) => chunk.includes('[DcrAudit]'));
    expect(audit).toHaveLength(1);
    expect(audit[0].trimEnd().split('\n')).toHaveLength(1);
    const json = JSON.parse(audit[0].slice(audit[0].indexOf('[DcrAudit] ') + '[DcrAudit] '.length).trimEnd());
    expect(json).toEqual({
      event: 'tech_client.created',
      // The id the outbox and every delivery of this change carry, so a log line and a delivery can be matched.
      eventId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      clientId: body.client_id,
      authorizationServer: 'default',
      via: 'registration',
      fields: ['response_types', 'grant_types', 'token_endpoint_auth_method', 'client_name'],
      actor: 'client',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(written.join('')).not.toContain(body.client_secret);
  });

  describe('a global body parser left on', () => {
    let database: TestDatabase;
    let app: INestApplication | undefined;

    beforeEach(async () => {
      database = await createTestDatabase();
    });
    afterEach(async () => {
      await app?.close();
      app = undefined;
      await database.drop();
    });

    async function start(bodyParser: boolean): Promise<RecordingLogger> {
      const logger = new RecordingLogger();
      const moduleRef = await Test.createTestingModule({
        imports: [TypeOrmModule.forRoot(database.options), DcrModule.forRoot({ ...profile('default'), secretKey: TEST_SECRET_KEY } as DcrModuleOptions)],
      }).compile();
      app = await createHttpApp(moduleRef, { bodyParser, logger });
      return logger;
    }
    const warnings = (logger: RecordingLogger) => logger.lines.filter((line) => line.includes('body parser'));

    if (HTTP_ADAPTER === 'express') {
      it('on Express, is named at start-up in one warning with the fix', async () => {
        const logger = await start(true);
        expect(warnings(logger)).toEqual([
          "warn A global JSON and form body parser runs before the module's routes (Nest's bodyParser option is on): " +
            "a duplicate JSON member goes undetected and malformed or oversized bodies get the framework's error instead of an RFC 7591 answer. " +
            'Create the application with NestFactory.create(AppModule, { bodyParser: false }) DcrModule',
        ]);
        // What the warning is about: the duplicate member is no longer seen.
        await request(app!.getHttpServer()).post('/oauth2/register').type('json').send('{"grant_types":["client_credentials"],"client_name":"a","client_name":"b"}').expect(201);
      });
    } else {
      it('on Fastify, needs no warning: the module keeps the parsers off its routes', async () => {
        const logger = await start(true);
        expect(warnings(logger)).toEqual([]);
        await request(app!.getHttpServer()).post('/oauth2/register').type('json').send('{"grant_types":["client_credentials"],"client_name":"a","client_name":"b"}').expect(400);
      });
    }

    it('with bodyParser: false, warns of nothing', async () => {
      const logger = await start(false);
      expect(warnings(logger)).toEqual([]);
      await request(app!.getHttpServer()).post('/oauth2/register').type('json').send('{"grant_types":["client_credentials"],"client_name":"a","client_name":"b"}').expect(400);
    });
  });
});

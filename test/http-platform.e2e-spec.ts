import { Body, Controller, INestApplication, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { DcrModule } from '../src/dcr';
import { createHttpApp, HTTP_ADAPTER } from './utils/http-adapter';
import { TEST_SECRET_KEY } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/** A route of the host, with the platform's own body parsing. */
@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown): unknown {
    return { received: body };
  }
}

/**
 * The module beside host routes that keep the platform's JSON parsing on (`bodyParser: true`,
 * Nest's default): the module's body handling must not change the host's routes.
 */
describe(`the module beside host routes with body parsing on (${HTTP_ADAPTER})`, () => {
  let app: INestApplication;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [TypeOrmModule.forRoot(database.options), DcrModule.forRoot({ secretKey: TEST_SECRET_KEY })],
      controllers: [EchoController],
    }).compile();
    app = await createHttpApp(moduleRef, { logger: ['error'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('host routes still get their JSON bodies parsed by the platform', async () => {
    const response = await request(app.getHttpServer()).post('/echo').send({ hello: 'world' }).expect(201);
    expect(response.body).toEqual({ received: { hello: 'world' } });
  });

  it('the registration endpoint still registers', async () => {
    await request(app.getHttpServer()).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(201);
  });

  // Run on Fastify only, and reported as skipped on Express (the e2e suites run on both
  // platforms): on Fastify the module keeps the platform's parsers off its routes by itself. On
  // Express the host's global body-parser reads every body before routing, which is why the
  // README has Express hosts use `bodyParser: false`.
  const onFastify = HTTP_ADAPTER === 'fastify' ? it : it.skip;

  onFastify('Fastify: the module still answers bad JSON, duplicate members and large bodies itself', async () => {
    const http = app.getHttpServer();
    const bad = await request(http).post('/oauth2/register').set('Content-Type', 'application/json').send('{"grant_types":').expect(400);
    expect(bad.body).toEqual({ error: 'invalid_client_metadata', error_description: 'the request body is not valid JSON' });
    const twice = await request(http).post('/oauth2/register').set('Content-Type', 'application/json').send('{"scope":"a","scope":"b"}').expect(400);
    expect(twice.body).toEqual({ error: 'invalid_client_metadata', error_description: 'member "scope" appears twice in one object' });
    const large = await request(http).post('/oauth2/register').set('Content-Type', 'application/json').send(JSON.stringify({ client_name: 'x'.repeat(70_000) })).expect(413);
    expect(large.body.error).toBe('invalid_client_metadata');
    expect(large.headers['cache-control']).toBe('no-store');
  });

  onFastify('Fastify: the private media type the module uses internally is refused on host routes', async () => {
    await request(app.getHttpServer()).post('/echo').set('Content-Type', 'application/x-nestjs-dcr-raw').send('{}').expect(415);
  });
});

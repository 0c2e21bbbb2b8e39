import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { Writable } from 'node:stream';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { exampleOpenApiDocument, serveExampleOpenApi } from '../src/example/openapi';
import { AS_ADMIN, ADMIN_TOKEN } from './utils/admin';
import { createHttpApp } from './utils/http-adapter';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TEST_SECRET_KEY } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/**
 * The routes Nest registered with the platform's router, as "METHOD /path/{param}": Nest logs
 * "<Controller> {/prefix}:" for each controller, then "Mapped {/path, METHOD} route" for each
 * route it hands to Express or Fastify, on both platforms. The routes of the module's
 * `…Methods[…]` controllers only answer 405 for a method a path does not serve: not operations.
 */
function registeredRoutes(logger: RecordingLogger): string[] {
  let controller = '';
  const routes: string[] = [];
  for (const line of logger.lines) {
    controller = /^\w+ (\S+) \{\S*\}:/.exec(line)?.[1] ?? controller;
    const mapped = /Mapped \{(\S*), (\w+)\} route/.exec(line);
    // The 405 answers and the web console's page and files are not API operations (the console's controller is excluded from the document).
    if (mapped && !controller.includes('Methods[') && !controller.startsWith('AdminConsoleController[')) routes.push(`${mapped[2]} ${mapped[1].replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes.sort();
}

/** The operations of an OpenAPI document, in the same form. */
function documentedOperations(document: OpenAPIObject): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) => METHODS.filter((method) => method in item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

type Operation = { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>; security?: Record<string, string[]>[]; requestBody?: unknown };

function operation(document: OpenAPIObject, method: string, path: string): Operation {
  return (document.paths[path] as unknown as Record<string, Operation>)[method];
}

const errorRef = (op: Operation, status: string) => op.responses[status]?.content?.['application/json']?.schema?.$ref;

describe('OpenAPI document of the example host', () => {
  let app: INestApplication;
  let database: TestDatabase;
  let document: OpenAPIObject;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    database = await createTestDatabase();
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.register({
        port: 0,
        dcr: { ...profile('default'), secretKey: TEST_SECRET_KEY, admin: { token: ADMIN_TOKEN } },
        database: database.options,
        logging: { level: 'silent', stream: silent },
      })],
    }).compile();
    // The log lines of the route mapping go to `logger` (nestjs-pino is not made the app logger).
    app = await createHttpApp(moduleRef, { bodyParser: false, logger }, serveExampleOpenApi);
    document = exampleOpenApiDocument(app);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('documents every route the app registered, and nothing else', () => {
    const routes = registeredRoutes(logger);
    expect(routes).toEqual(expect.arrayContaining(['POST /oauth2/register', 'PUT /oauth2/register/{clientId}', 'PATCH /tech-clients/{id}', 'POST /oauth2/token', 'GET /health']));
    expect(documentedOperations(document)).toEqual(routes);
  });

  it('gives every operation a unique operation id that code generators accept, and a typed schema to every parameter', () => {
    const operations = Object.values(document.paths).flatMap((item) => METHODS.filter((method) => method in item).map((method) => (item as Record<string, { operationId: string; parameters?: { name: string; schema?: Record<string, unknown> }[] }>)[method]));
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(id))).toEqual([]);
    const untyped = operations.flatMap((op) => (op.parameters ?? []).filter((parameter) => !parameter.schema?.type).map((parameter) => `${op.operationId} ${parameter.name}`));
    expect(untyped).toEqual([]);
  });

    it('serves the document at /docs-json and Swagger UI at /docs', async () => {
    const json = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(documentedOperations(json.body)).toEqual(documentedOperations(document));
    const ui = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    expect(ui.text).toContain('swagger-ui');
  });

  it('declares the security schemes and which routes use which', () => {
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual(['admin_token', 'client_basic', 'initial_access_token', 'registration_access_token']);
    expect(operation(document, 'post', '/oauth2/register').security).toEqual([{ initial_access_token: [] }, {}]);
    for (const method of ['get', 'put', 'delete']) {
      expect(operation(document, method, '/oauth2/register/{clientId}').security).toEqual([{ registration_access_token: [] }]);
    }
    for (const [path, item] of Object.entries(document.paths).filter(([path]) => path.startsWith('/tech-clients'))) {
      for (const method of METHODS.filter((method) => method in item)) expect([path, operation(document, method, path).security]).toEqual([path, [{ admin_token: [] }]]);
    }
    expect(operation(document, 'post', '/oauth2/token').security).toEqual([{ client_basic: [] }, {}]);
  });

  it('gives request and response schemas with RFC field descriptions, and the error body of every module route', () => {
    const schemas = document.components?.schemas as Record<string, { properties: Record<string, { description?: string }>; required?: string[] }>;
    const register = operation(document, 'post', '/oauth2/register');
    expect(register.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ClientMetadataDto' } } } });
    expect(register.responses['201'].content?.['application/json']?.schema?.$ref).toBe('#/components/schemas/ClientInformationDto');
    expect(schemas.ClientInformationDto.properties.client_secret_expires_at.description).toMatch(/seconds since the epoch, or 0/);
    expect(schemas.ClientMetadataDto.properties.redirect_uris.description).toMatch(/Redirection URI/);
    expect(schemas.OAuthErrorDto.required?.sort()).toEqual(['error', 'error_description']);
    for (const [path, item] of Object.entries(document.paths).filter(([path]) => /^\/(oauth2\/register|tech-clients)/.test(path))) {
      for (const method of METHODS.filter((method) => method in item)) {
        const op = operation(document, method, path);
        const errors = Object.keys(op.responses).filter((status) => status >= '400');
        expect([method, path, errors.length > 0]).toEqual([method, path, true]);
        for (const status of errors) expect([method, path, status, errorRef(op, status)]).toEqual([method, path, status, '#/components/schemas/OAuthErrorDto']);
      }
    }
    expect(operation(document, 'post', '/oauth2/token').requestBody).toMatchObject({ content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/TokenRequestDto' } } } });
  });

  it('is usable: the admin API answers what the document describes', async () => {
    await request(app.getHttpServer()).get('/tech-clients').set(AS_ADMIN).expect(200);
  });
});

describe('OpenAPI document with several authorization servers', () => {
  it('documents the routes of every generated per-server controller', async () => {
    const logger = new RecordingLogger();
    const t = await createTestApp(
      { authorizationServers: { partners: { registrationPath: 'partners/register' }, internal: { registrationPath: 'internal/register' } } },
      { logger },
    );
    try {
      const document = exampleOpenApiDocument(t.app);
      const routes = registeredRoutes(logger);
      expect(routes).toEqual(expect.arrayContaining(['POST /partners/register', 'DELETE /internal/register/{clientId}']));
      expect(documentedOperations(document)).toEqual(routes);
      expect(operation(document, 'put', '/internal/register/{clientId}').requestBody).toBeDefined();
    } finally {
      await t.close();
    }
  });
});

import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { DcrModule, TechClientEvent, TechClientInterceptor } from '../src/dcr';
import { ChangeDispatcher } from '../src/dcr/events/change-dispatcher';
import { randomBase64Url } from '../src/dcr/secrets/random-value';
import { SecretDigester } from '../src/dcr/secrets/secret-digester';
import { ADMIN_TOKEN, AS_ADMIN, seedClients, techClient } from './utils/admin';
import { tamperedToken } from './utils/tamper';
import { createTestApp, profile, TEST_SECRET_KEY, TestApp } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';
import { createHttpApp } from './utils/http-adapter';

/** Every admin route, with a body where it needs one. */
const ROUTES = [
  ['get', '/tech-clients', undefined],
  ['get', '/tech-clients/:id', undefined],
  ['patch', '/tech-clients/:id', { label: 'x' }],
  ['delete', '/tech-clients/:id', undefined],
  ['post', '/tech-clients/:id/lock', { reason: 'x' }],
  ['delete', '/tech-clients/:id/lock', undefined],
  ['get', '/tech-clients/:id/lock-history', undefined],
  ['post', '/tech-clients/:id/secret', {}],
] as const;

function call(t: TestApp, [method, path, body]: (typeof ROUTES)[number], id: string, headers: Record<string, string>) {
  const pending = request(t.http)[method](path.replace(':id', id)).set(headers);
  return body === undefined ? pending : pending.send(body);
}

describe('admin authentication with a configured token', () => {
  let t: TestApp;
  let id: string;
  let credentials: { client_id: string; client_secret: string; registration_access_token: string };

  beforeAll(async () => {
    t = await createTestApp({ ...profile('default'), admin: { token: ADMIN_TOKEN } });
    const registered = await request(t.http).post('/oauth2/register')
      .send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' }).expect(201);
    credentials = registered.body;
    id = credentials.client_id;
    expect(credentials.client_secret).toBeDefined();
    // A registration access token stored the way RFC 7592 management stores it (digest only).
    credentials.registration_access_token ??= randomBase64Url(43);
    const placeholders = t.database.driver === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    await t.dataSource.query(
      `UPDATE tech_client SET registration_token_digest = ${placeholders[0]} WHERE id = ${placeholders[1]}`,
      [t.app.get(SecretDigester).digest(credentials.registration_access_token), id],
    );
  });
  afterAll(() => t.close());

  const refusals: [string, () => Record<string, string>, boolean][] = [
    ['no credentials', () => ({}), false],
    ['a wrong admin token', () => ({ Authorization: `Bearer ${tamperedToken(ADMIN_TOKEN)}` }), true],
    ['the admin token with a suffix', () => ({ Authorization: `Bearer ${ADMIN_TOKEN}a` }), true],
    ['the admin token as Basic credentials', () => ({ Authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` }), true],
    ['the admin token in a query-less custom header', () => ({ 'X-Admin-Token': ADMIN_TOKEN }), false],
    ['the client secret as a bearer token', () => ({ Authorization: `Bearer ${credentials.client_secret}` }), true],
    ['the client credentials as Basic', () => ({ Authorization: `Basic ${Buffer.from(`${id}:${credentials.client_secret}`).toString('base64')}` }), true],
    ['the registration access token', () => ({ Authorization: `Bearer ${credentials.registration_access_token}` }), true],
    ['the stored secret digest', () => ({ Authorization: 'Bearer v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), true],
    ['an empty bearer', () => ({ Authorization: 'Bearer ' }), true],
  ];

  it.each(refusals)('refuses %s on every route with 401 invalid_token and a Bearer challenge', async (_, headers, presented) => {
    for (const route of ROUTES) {
      const response = await call(t, route, id, headers());
      expect([route[0], route[1], response.status]).toEqual([route[0], route[1], 401]);
      expect(response.body).toEqual({
        error: 'invalid_token',
        error_description: presented ? 'the admin credentials were not accepted' : 'admin credentials are required',
      });
      expect(response.headers['www-authenticate']).toMatch(presented ? /^Bearer realm="dcr-admin", error="invalid_token"/ : /^Bearer realm="dcr-admin"$/);
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const row = await t.clientRow(id);
    expect(row).toMatchObject({ version: 1, label: null });
    expect(Boolean(row?.locked)).toBe(false);
  });

  it('admits the token, with any casing of the scheme', async () => {
    await request(t.http).get(`/tech-clients/${id}`).set(AS_ADMIN).expect(200);
    await request(t.http).get(`/tech-clients/${id}`).set('Authorization', `bearer ${ADMIN_TOKEN}`).expect(200);
  });
});

describe('admin authentication without a token or a guard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({});
  });
  afterAll(() => t.close());

  it('refuses everyone, whatever they send', async () => {
    for (const headers of [{}, AS_ADMIN, { Authorization: 'Bearer anything' }]) {
      const response = await request(t.http).get('/tech-clients').set(headers);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="dcr-admin"/);
    }
  });
});

@Injectable()
class HeaderRoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const role = request.headers['x-role'];
    if (role === undefined) throw new UnauthorizedException();
    request.user = { sub: 'alice@example.com' };
    return role === 'tech-client-admin';
  }
}

const seen: TechClientEvent[] = [];
@Injectable()
class RecordingInterceptor extends TechClientInterceptor {
  onChange(event: TechClientEvent): void {
    seen.push(event);
  }
}

describe('admin authentication with a host guard', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp({ admin: { token: ADMIN_TOKEN } }, { extras: { adminGuard: HeaderRoleGuard, interceptors: [RecordingInterceptor] } });
    [{ id }] = await seedClients(t, [techClient()]);
  });
  afterAll(() => t.close());

  it('admits whom the host guard admits, and names them in the events', async () => {
    await request(t.http).post(`/tech-clients/${id}/lock`).set('X-Role', 'tech-client-admin').send({ reason: 'by alice' }).expect(200);
    await t.app.get(ChangeDispatcher).flush(); // delivered from the outbox, after the commit
    expect(seen).toEqual([expect.objectContaining({ change: 'locked', actor: { kind: 'admin', id: 'alice@example.com' } })]);
    const history = await request(t.http).get(`/tech-clients/${id}/lock-history`).set('X-Role', 'tech-client-admin').expect(200);
    expect(history.body.data[0].attributes.actor).toEqual({ kind: 'admin', id: 'alice@example.com' });
  });

  it('answers the host guard refusals with the module error bodies', async () => {
    const forbidden = await request(t.http).get('/tech-clients').set('X-Role', 'viewer');
    expect([forbidden.status, forbidden.body]).toEqual([403, { error: 'access_denied', error_description: 'the admin guard refused the request' }]);
    const unauthenticated = await request(t.http).get('/tech-clients');
    expect([unauthenticated.status, unauthenticated.body.error]).toEqual([401, 'invalid_token']);
  });

  it('still admits the configured token', async () => {
    await request(t.http).get('/tech-clients').set(AS_ADMIN).expect(200);
  });
});

describe('admin routes and module options', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('admin.enabled false mounts no admin route (forRoot)', async () => {
    const t = await createTestApp({ admin: { enabled: false, token: ADMIN_TOKEN } }, { database });
    try {
      expect((await request(t.http).get('/tech-clients').set(AS_ADMIN)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('admin.path moves the API', async () => {
    const t = await createTestApp({ admin: { path: '/iam/admin/tech-clients/', token: ADMIN_TOKEN } }, { database });
    try {
      await request(t.http).get('/iam/admin/tech-clients').set(AS_ADMIN).expect(200);
      expect((await request(t.http).get('/tech-clients').set(AS_ADMIN)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('controllers: false serves no admin route either', async () => {
    const t = await createTestApp({ admin: { token: ADMIN_TOKEN } }, { database, extras: { controllers: false } });
    try {
      expect((await request(t.http).get('/tech-clients').set(AS_ADMIN)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  const asyncApp = async (adminPath: string | undefined, admin: object) => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot(database.options),
        DcrModule.forRootAsync({ useFactory: () => ({ secretKey: TEST_SECRET_KEY, admin }), ...(adminPath ? { adminPath } : {}) }),
      ],
    }).compile();
    const app = await createHttpApp(moduleRef, { bodyParser: false, logger: false });
    return app;
  };

  it('forRootAsync serves the declared adminPath, and 404 when the options disable the API', async () => {
    const app = await asyncApp('ops/clients', { path: 'ops/clients', token: ADMIN_TOKEN });
    try {
      await request(app.getHttpServer()).get('/ops/clients').set(AS_ADMIN).expect(200);
    } finally {
      await app.close();
    }
    const disabled = await asyncApp(undefined, { enabled: false, token: ADMIN_TOKEN });
    try {
      const response = await request(disabled.getHttpServer()).get('/tech-clients').set(AS_ADMIN);
      expect([response.status, response.body.error]).toEqual([404, 'not_found']);
    } finally {
      await disabled.close();
    }
  });

  it('forRootAsync refuses options whose admin.path differs from adminPath', async () => {
    const compile = () => Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ ...database.options, type: 'better-sqlite3', database: ':memory:' } as never),
        DcrModule.forRootAsync({ useFactory: () => ({ secretKey: TEST_SECRET_KEY, admin: { path: 'elsewhere' } }) }),
      ],
    }).compile();
    await expect(compile()).rejects.toThrow(
      'Invalid DcrModule options:\n  - admin.path "elsewhere" differs from forRootAsync adminPath "tech-clients"; declare the same path in both',
    );
  });
});

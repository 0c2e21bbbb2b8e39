import { Injectable } from '@nestjs/common';
import request from 'supertest';
import {
  IdentityGenerator,
  MetadataProcessor,
  ProcessingContext,
  SecretGenerator,
  TechClientEvent,
  TechClientInterceptor,
} from '../src/dcr';
import { ChangeDispatcher } from '../src/dcr/events/change-dispatcher';
import { createTestApp, profile, TestApp } from './utils/test-app';

@Injectable()
class SequenceIdentityGenerator extends IdentityGenerator {
  private next = 0;
  generate(): string {
    return `client-${++this.next}`;
  }
}

/** Hands out the same id twice before a fresh one: the second registration must be retried, never overwrite. */
@Injectable()
class StutteringIdentityGenerator extends IdentityGenerator {
  private readonly ids = ['dup', 'dup', 'fresh'];
  generate(): string {
    return this.ids.shift() ?? 'exhausted';
  }
}

/** Host extension metadata: `tenant_id`, required, lowercase letters only. */
@Injectable()
class TenantProcessor extends MetadataProcessor {
  readonly name = 'tenant';
  process(ctx: ProcessingContext): void {
    const tenant = ctx.get('tenant_id');
    if (typeof tenant !== 'string' || !/^[a-z]+$/.test(tenant)) ctx.reject('tenant_id', 'required, lowercase letters only');
    ctx.accept('tenant_id', tenant);
  }
}

@Injectable()
class RecordingInterceptor extends TechClientInterceptor {
  static readonly events: TechClientEvent[] = [];
  onChange(event: TechClientEvent): void {
    RecordingInterceptor.events.push(event);
  }
}

@Injectable()
class FailingInterceptor extends TechClientInterceptor {
  onChange(): void {
    throw new Error('third-party system is down');
  }
}

const web = { redirect_uris: ['https://app.example.com/cb'] };

describe('replacing processors and adding host processors', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));
  const start = async (...args: Parameters<typeof createTestApp>) => {
    const app = await createTestApp(...args);
    apps.push(app);
    return app;
  };

  it('uses a host IdentityGenerator given through the providers option', async () => {
    const t = await start(profile('default'), { extras: { providers: [{ provide: IdentityGenerator, useClass: SequenceIdentityGenerator }] } });
    const first = await request(t.http).post('/oauth2/register').send(web).expect(201);
    const second = await request(t.http).post('/oauth2/register').send(web).expect(201);
    expect([first.body.client_id, second.body.client_id]).toEqual(['client-1', 'client-2']);
  });

  it('uses a SecretGenerator replaced with overrideProvider', async () => {
    const t = await start(profile('default'), {
      customize: (builder) => builder.overrideProvider(SecretGenerator).useValue({ generate: () => 'fixed-secret-for-this-test-only-0123456789' }),
    });
    const response = await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(201);
    expect(response.body.client_secret).toBe('fixed-secret-for-this-test-only-0123456789');
  });

  it('retries a client_id collision and never overwrites the existing client', async () => {
    const t = await start(profile('default'), { extras: { providers: [{ provide: IdentityGenerator, useClass: StutteringIdentityGenerator }] } });
    const first = await request(t.http).post('/oauth2/register').send({ ...web, client_name: 'First' }).expect(201);
    const second = await request(t.http).post('/oauth2/register').send({ ...web, client_name: 'Second' }).expect(201);
    expect(first.body.client_id).toBe('dup');
    expect(second.body.client_id).toBe('fresh');
    expect((await t.clientRow('dup'))?.name).toBe('First');
    expect(await t.countClients()).toBe(2);
  });

  it('runs a host processor for extension metadata after the built-ins', async () => {
    const t = await start(profile('default'), { extras: { extraProcessors: [TenantProcessor] } });
    const accepted = await request(t.http).post('/oauth2/register').send({ ...web, tenant_id: 'acme' }).expect(201);
    expect(accepted.body.tenant_id).toBe('acme');
    const rejected = await request(t.http).post('/oauth2/register').send({ ...web, tenant_id: 'ACME' }).expect(400);
    expect(rejected.body).toEqual({ error: 'invalid_client_metadata', error_description: 'tenant_id: required, lowercase letters only' });
    expect(await t.countClients()).toBe(1);
  });

  it('tells interceptors after commit, and a failing one loses nothing', async () => {
    const t = await start(profile('default'), { extras: { interceptors: [FailingInterceptor, RecordingInterceptor] } });
    const response = await request(t.http).post('/oauth2/register').send({ ...web, client_name: 'Watched' }).expect(201);
    // Delivered from the outbox after the commit; the first attempt has been made once flush() returns.
    await t.app.get(ChangeDispatcher).flush();
    expect(RecordingInterceptor.events[0]).toEqual(
      expect.objectContaining({ change: 'created', clientId: response.body.client_id, authorizationServer: 'default', via: 'registration' }),
    );
    // The failing interceptor makes the event go again, to every interceptor, under the same id: a
    // receiver dedupes by it.
    expect(new Set(RecordingInterceptor.events.map((event) => event.id)).size).toBe(1);
    expect(JSON.stringify(RecordingInterceptor.events)).not.toContain(response.body.client_secret);
    expect(await t.clientRow(response.body.client_id)).toBeDefined();
  });
});

describe('processors that are not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clientSecret: {}, processors: { scope: {} }, management: { enabled: false } });
  });
  afterAll(() => t.close());

  it('ignores the fields they own and never issues a secret without the auth-method processor', async () => {
    const response = await request(t.http)
      .post('/oauth2/register')
      .send({
        ...web,
        client_name: 'Ignored',
        contacts: ['a@b.c'],
        software_id: 'x',
        client_uri: 'https://a.example',
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid',
      })
      .expect(201);
    expect(response.body).toEqual({
      client_id: expect.any(String),
      client_id_issued_at: expect.any(Number),
      application_type: 'web',
      redirect_uris: web.redirect_uris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
    });
    expect((await t.clientRow(response.body.client_id))?.name).toBe('DCR OAuth 2.0 Client');
  });
});

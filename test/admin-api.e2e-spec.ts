import { Injectable } from '@nestjs/common';
import request from 'supertest';
import { TechClientEvent, TechClientInterceptor } from '../src/dcr';
import { ChangeDispatcher } from '../src/dcr/events/change-dispatcher';
import { SecretDigester } from '../src/dcr/secrets/secret-digester';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { createTestApp, profile, TestApp } from './utils/test-app';

const events: TechClientEvent[] = [];
let failInterceptor = false;

@Injectable()
class RecordingInterceptor extends TechClientInterceptor {
  onChange(event: TechClientEvent): void {
    events.push(event);
    if (failInterceptor) throw new Error('third-party system is down');
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('tech-clients admin API: every endpoint', () => {
  let t: TestApp;
  const responses: string[] = [];
  const issuedSecrets: string[] = [];

  /** Every admin answer goes through here, so the suite can check none carries a secret or digest. */
  const admin = () => {
    const agent = request(t.http);
    const wrap = (method: 'get' | 'post' | 'patch' | 'delete') => (url: string) => {
      const call = agent[method](url).set(AS_ADMIN);
      const then = call.then.bind(call);
      call.then = ((resolve: (r: request.Response) => unknown, reject: (e: unknown) => unknown) =>
        then((response) => {
          responses.push(response.text ?? '');
          return resolve(response);
        }, reject)) as typeof call.then;
      return call;
    };
    return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), delete: wrap('delete') };
  };

  async function register(body: object = {}): Promise<{ client_id: string; client_secret?: string; registration_access_token?: string }> {
    const response = await request(t.http).post('/oauth2/register')
      .send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', client_name: 'Example App', ...body })
      .expect(201);
    if (response.body.client_secret) issuedSecrets.push(response.body.client_secret);
    if (response.body.registration_access_token) issuedSecrets.push(response.body.registration_access_token);
    await delivered();
    events.length = 0; // the registration's own "created" event is not what these tests look at
    return response.body;
  }

  /** Events reach the interceptors from the outbox, just after the answer: wait for every due one. */
  const delivered = () => t.app.get(ChangeDispatcher).flush();

  beforeAll(async () => {
    t = await createTestApp(
      { ...profile('default'), admin: { token: ADMIN_TOKEN }, events: { outbox: { retryDelayMs: 20 } } },
      { extras: { interceptors: [RecordingInterceptor] } },
    );
  });
  afterAll(() => t.close());
  beforeEach(() => {
    events.length = 0;
    failInterceptor = false;
  });

  it('GET /tech-clients/:id returns the JSON:API document, an ETag and no-store', async () => {
    const { client_id } = await register({ software_id: 'sw-1', software_version: '1.0' });
    const response = await admin().get(`/tech-clients/${client_id}`).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toEqual({
      meta: { type: 'jsonapi.metadata.document', timestamp: expect.stringMatching(ISO) },
      data: {
        type: 'tech-client',
        id: client_id,
        attributes: {
          displayName: 'Example App',
          label: null,
          description: null,
          locked: false,
          lockReason: null,
          lockDate: null,
          creationDate: expect.stringMatching(ISO),
          lastModified: expect.stringMatching(ISO),
          softwareId: 'sw-1',
          softwareVersion: '1.0',
          tokenEndpointAuthMethod: 'client_secret_basic',
          grantTypes: ['client_credentials'],
          source: 'dcr',
          authorizationServer: 'default',
          hasSecret: true,
          secretExpiryDate: null,
          previousSecretValidUntil: null,
          lastUseDate: null,
          trust: { arrival: 'anonymous', tier: 'anonymous', vouchedBy: null, vouched: false, redirectHosts: [], publicClient: false },
        },
        meta: { version: 1 },
      },
    });
  });

  it('shows the last use: set by a successful client authentication, to the minute', async () => {
    const { client_id, client_secret } = await register();
    const before = Date.now();
    await request(t.http).post('/oauth2/token').auth(client_id, client_secret!).type('form').send({ grant_type: 'client_credentials' }).expect(200);
    const { body } = await admin().get(`/tech-clients/${client_id}`).expect(200);
    expect(Date.parse(body.data.attributes.lastUseDate)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(body.data.attributes.lastUseDate)).toBeLessThanOrEqual(Date.now());
  });

  it('GET /tech-clients lists in the reference document shape', async () => {
    const { client_id } = await register();
    const response = await admin().get('/tech-clients?limit=1').expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.meta).toEqual({
      type: 'jsonapi.metadata.document',
      timestamp: expect.stringMatching(ISO),
      page: { limit: 1, sort: '-creationDate', nextCursor: expect.any(String) },
    });
    expect(response.body.data).toEqual([expect.objectContaining({ type: 'tech-client', id: client_id })]);
  });

  it('PATCH changes name, label and description, bumps the version and tells the interceptors', async () => {
    const { client_id } = await register();
    const response = await admin().patch(`/tech-clients/${client_id}`)
      .set('X-Request-Id', 'req-42')
      .send({ displayName: 'Renamed App', label: 'acme-prod', description: 'Line one\nLine two' })
      .expect(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.body.data.attributes).toMatchObject({ displayName: 'Renamed App', label: 'acme-prod', description: 'Line one\nLine two' });
    expect(response.body.data.meta).toEqual({ version: 2 });
    expect(await t.clientRow(client_id)).toMatchObject({ name: 'Renamed App', name_search: 'renamed app', label: 'acme-prod', version: 2 });
    await delivered();
    expect(events).toEqual([expect.objectContaining({
      change: 'updated', clientId: client_id, authorizationServer: 'default', actor: { kind: 'admin', id: 'admin-token' },
      via: 'admin', fields: ['name', 'label', 'description'], requestId: 'req-42',
    })]);

    const found = await admin().get('/tech-clients?name=RENAMED').expect(200);
    expect(found.body.data.map((r: { id: string }) => r.id)).toEqual([client_id]);
  });

  it('PATCH takes a JSON:API document and the name alias; null removes label and description', async () => {
    const { client_id } = await register();
    await admin().patch(`/tech-clients/${client_id}`).send({ name: 'Alias', label: 'x', description: 'y' }).expect(200);
    const response = await admin().patch(`/tech-clients/${client_id}`)
      .send({ data: { type: 'tech-client', id: client_id, attributes: { label: null, description: null } } })
      .expect(200);
    expect(response.body.data.attributes).toMatchObject({ displayName: 'Alias', label: null, description: null });
  });

  it("PATCH and lock take JSON:API's media type, application/vnd.api+json", async () => {
    const { client_id } = await register();
    const document = JSON.stringify({ data: { type: 'tech-client', id: client_id, attributes: { label: 'via-json-api' } } });
    const patched = await admin().patch(`/tech-clients/${client_id}`).set('Content-Type', 'application/vnd.api+json').send(document).expect(200);
    expect(patched.body.data.attributes.label).toBe('via-json-api');
    await admin().post(`/tech-clients/${client_id}/lock`).set('Content-Type', 'application/vnd.api+json').send(JSON.stringify({ reason: 'JSON:API client' })).expect(200);
    expect(Boolean((await t.clientRow(client_id))?.locked)).toBe(true);
  });

  it('PATCH with a stale If-Match is 412 and changes nothing; the current one applies', async () => {
    const { client_id } = await register();
    await admin().patch(`/tech-clients/${client_id}`).send({ label: 'first' }).expect(200);
    const stale = await admin().patch(`/tech-clients/${client_id}`).set('If-Match', '"1"').send({ label: 'second' });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual({ error: 'precondition_failed', error_description: 'If-Match names another version; the client is at version 2' });
    expect((await t.clientRow(client_id))?.label).toBe('first');
    await admin().patch(`/tech-clients/${client_id}`).set('If-Match', '"2"').send({ label: 'second' }).expect(200);
  });

  it('concurrent PATCHes never lose an update silently: each one is applied or answered 409', async () => {
    const { client_id } = await register();
    const labels = Array.from({ length: 8 }, (_, i) => `label-${i}`);
    const answers = await Promise.all(labels.map((label) => admin().patch(`/tech-clients/${client_id}`).send({ label })));
    const applied = answers.filter((answer) => answer.status === 200);
    for (const answer of answers) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(answer.body.error).toBe('conflict');
    }
    const row = await t.clientRow(client_id);
    // Every applied change bumped the version exactly once, and the stored label is one of them.
    expect(row?.version).toBe(1 + applied.length);
    expect(applied.map((answer) => answer.body.data.attributes.label)).toContain(row?.label);
    await delivered();
    expect(events.filter((event) => event.change === 'updated')).toHaveLength(applied.length);
  });

  it('POST /:id/lock locks with a reason, DELETE /:id/lock unlocks, and the history records both', async () => {
    const { client_id } = await register();
    const locked = await admin().post(`/tech-clients/${client_id}/lock`).send({ reason: 'Client reported to be hacked.' }).expect(200);
    expect(locked.body.data.attributes).toMatchObject({ locked: true, lockReason: 'Client reported to be hacked.', lockDate: expect.stringMatching(ISO) });
    expect(await t.clientRow(client_id)).toMatchObject({ lock_reason: 'Client reported to be hacked.' });
    expect(Boolean((await t.clientRow(client_id))?.locked)).toBe(true);

    const unlocked = await admin().delete(`/tech-clients/${client_id}/lock`).expect(200);
    expect(unlocked.body.data.attributes).toMatchObject({ locked: false, lockReason: null, lockDate: null });
    await admin().delete(`/tech-clients/${client_id}/lock`).expect(200); // already unlocked: no new entry

    await delivered();
    expect(events.map((event) => [event.change, event.actor, event.detail])).toEqual([
      ['locked', { kind: 'admin', id: 'admin-token' }, 'Client reported to be hacked.'],
      ['unlocked', { kind: 'admin', id: 'admin-token' }, undefined],
    ]);
    const history = await admin().get(`/tech-clients/${client_id}/lock-history`).expect(200);
    expect(history.body).toEqual({
      meta: { type: 'jsonapi.metadata.document', timestamp: expect.stringMatching(ISO), page: { limit: 50, nextCursor: null } },
      data: [
        { type: 'tech-client-lock-event', id: expect.any(String), attributes: { action: 'unlock', reason: null, actor: { kind: 'admin', id: 'admin-token' }, date: expect.stringMatching(ISO) } },
        { type: 'tech-client-lock-event', id: expect.any(String), attributes: { action: 'lock', reason: 'Client reported to be hacked.', actor: { kind: 'admin', id: 'admin-token' }, date: expect.stringMatching(ISO) } },
      ],
    });
  });

  it('lock history pages with a cursor', async () => {
    const { client_id } = await register();
    for (const reason of ['one', 'two', 'three']) await admin().post(`/tech-clients/${client_id}/lock`).send({ reason }).expect(200);
    const first = await admin().get(`/tech-clients/${client_id}/lock-history?limit=2`).expect(200);
    expect(first.body.data.map((e: { attributes: { reason: string } }) => e.attributes.reason)).toEqual(['three', 'two']);
    const second = await admin().get(`/tech-clients/${client_id}/lock-history?limit=2&cursor=${first.body.meta.page.nextCursor}`).expect(200);
    expect(second.body.data.map((e: { attributes: { reason: string } }) => e.attributes.reason)).toEqual(['one']);
    expect(second.body.meta.page.nextCursor).toBeNull();
  });

  it('a locked client shows as locked in the search filter at once', async () => {
    const { client_id } = await register({ client_name: 'Lock Filter Probe' });
    await admin().post(`/tech-clients/${client_id}/lock`).send({ reason: 'audit' }).expect(200);
    const found = await admin().get('/tech-clients?locked=true&name=lock filter probe').expect(200);
    expect(found.body.data.map((r: { id: string }) => r.id)).toEqual([client_id]);
  });

  it('POST /:id/secret rotates: new secret once, digest stored, previous kept for the grace period', async () => {
    const { client_id } = await register();
    const before = await t.clientRow(client_id);
    const response = await admin().post(`/tech-clients/${client_id}/secret`).send({ gracePeriodSeconds: 600 }).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    const { clientSecret, clientSecretExpiresAt, previousSecretValidUntil } = response.body.data.attributes;
    expect(response.body.data).toMatchObject({ type: 'tech-client-secret', id: client_id });
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(clientSecretExpiresAt).toBe(0);
    expect(Date.parse(previousSecretValidUntil) - Date.now()).toBeGreaterThan(590_000);

    const digester = t.app.get(SecretDigester);
    const after = await t.clientRow(client_id);
    expect(after?.secret_digest).toBe(digester.digest(clientSecret));
    expect(after?.previous_secret_digest).toBe(before?.secret_digest);
    expect(Number(after?.previous_secret_valid_until)).toBe(Date.parse(previousSecretValidUntil));
    await delivered();
    expect(events).toEqual([expect.objectContaining({ change: 'secret_rotated', clientId: client_id, actor: { kind: 'admin', id: 'admin-token' } })]);
    expect(JSON.stringify(events)).not.toContain(clientSecret);

    // Without a grace period the previous secret stops at once. A request without a body is fine.
    const again = await admin().post(`/tech-clients/${client_id}/secret`).expect(200);
    expect(again.body.data.attributes.previousSecretValidUntil).toBeNull();
    expect(await t.clientRow(client_id)).toMatchObject({ previous_secret_digest: null, previous_secret_valid_until: null });
    expect(again.body.data.attributes.clientSecret).not.toBe(clientSecret);
  });

  it('rotation keeps client_secret_expires_at accurate with a secret lifetime', async () => {
    const other = await createTestApp({ ...profile('default'), clientSecret: { lifetimeSeconds: 3600 }, admin: { token: ADMIN_TOKEN } });
    try {
      const registered = await request(other.http).post('/oauth2/register')
        .send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' }).expect(201);
      const start = Math.floor(Date.now() / 1000);
      const rotated = await request(other.http).post(`/tech-clients/${registered.body.client_id}/secret`).set(AS_ADMIN).expect(200);
      const expiresAt = rotated.body.data.attributes.clientSecretExpiresAt;
      expect(expiresAt).toBeGreaterThanOrEqual(start + 3600);
      expect(expiresAt).toBeLessThanOrEqual(start + 3602);
      expect(Number((await other.clientRow(registered.body.client_id))?.secret_expires_at)).toBe(expiresAt);
      const read = await request(other.http).get(`/tech-clients/${registered.body.client_id}`).set(AS_ADMIN).expect(200);
      expect(read.body.data.attributes.secretExpiryDate).toBe(new Date(expiresAt * 1000).toISOString());
    } finally {
      await other.close();
    }
  });

  it('rotation is refused for a client without a secret-based auth method', async () => {
    const { client_id } = await register({ token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], redirect_uris: ['https://app.example.com/cb'] });
    const response = await admin().post(`/tech-clients/${client_id}/secret`).expect(400);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: 'the client authenticates with token_endpoint_auth_method "none"; it has no secret to rotate' });
    await delivered();
    expect(events).toEqual([]);
  });

  it('DELETE /:id deletes the client and its history; then everything is 404', async () => {
    const { client_id } = await register();
    await admin().post(`/tech-clients/${client_id}/lock`).send({ reason: 'gone soon' }).expect(200);
    await delivered(); // the "locked" event may reach the interceptor after the answer
    events.length = 0;
    await admin().delete(`/tech-clients/${client_id}`).expect(204);
    expect(await t.clientRow(client_id)).toBeUndefined();
    const placeholder = t.database.driver === 'postgres' ? '$1' : '?';
    expect(await t.dataSource.query(`SELECT * FROM tech_client_lock_history WHERE client_id = ${placeholder}`, [client_id])).toEqual([]);
    await delivered();
    expect(events).toEqual([expect.objectContaining({ change: 'deleted', clientId: client_id, actor: { kind: 'admin', id: 'admin-token' } })]);
    for (const [method, path] of [['get', ''], ['patch', ''], ['delete', ''], ['post', '/lock'], ['delete', '/lock'], ['post', '/secret'], ['get', '/lock-history']] as const) {
      const call = admin()[method](`/tech-clients/${client_id}${path}`);
      const response = await (method === 'patch' ? call.send({ label: 'x' }) : method === 'post' && path === '/lock' ? call.send({ reason: 'x' }) : call);
      expect([response.status, response.body]).toEqual([404, { error: 'not_found', error_description: 'no technical client with this id' }]);
    }
  });

  it('a failing interceptor undoes nothing, and gets the events again, in order, once it works', async () => {
    const { client_id } = await register();
    failInterceptor = true;
    await admin().post(`/tech-clients/${client_id}/lock`).send({ reason: 'despite the interceptor' }).expect(200);
    await admin().patch(`/tech-clients/${client_id}`).send({ label: 'kept' }).expect(200);
    expect(await t.clientRow(client_id)).toMatchObject({ label: 'kept', lock_reason: 'despite the interceptor' });
    await admin().delete(`/tech-clients/${client_id}`).expect(204);
    expect(await t.clientRow(client_id)).toBeUndefined();
    await delivered();
    expect(events.every((event) => event.change === 'locked')).toBe(true); // the later ones wait for it
    failInterceptor = false;
    const end = Date.now() + 10_000;
    while (!events.some((event) => event.change === 'deleted') && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...new Map(events.map((event) => [event.id, event.change])).values()]).toEqual(['locked', 'updated', 'deleted']);
  });

  it('no admin answer ever carried a secret, a token or a digest (except the rotated secrets, once each)', () => {
    const rotated = responses.flatMap((text) => {
      const match = /"clientSecret":"([^"]+)"/.exec(text);
      return match ? [match[1]] : [];
    });
    expect(new Set(rotated).size).toBe(rotated.length);
    for (const text of responses) {
      expect(text).not.toMatch(/v1:[A-Za-z0-9_-]{20,}/);
      expect(text).not.toMatch(/digest|registration_access_token|client_secret"/i);
      for (const secret of issuedSecrets) expect(text).not.toContain(secret);
    }
    for (const secret of rotated) expect(responses.filter((text) => text.includes(secret))).toHaveLength(1);
    expect(responses.length).toBeGreaterThan(20);
  });
});

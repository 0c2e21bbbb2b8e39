import request from 'supertest';
import { ClientReaper, TechClientEvent, TechClientInterceptor } from '../src/dcr';
import { ChangeDispatcher } from '../src/dcr/events/change-dispatcher';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { createTestApp, profile, TestApp } from './utils/test-app';

const body = { grant_types: ['client_credentials'] };

describe('rate limits (shared by instances)', () => {
  let first: TestApp;
  let second: TestApp;
  const options = {
    ...profile('default'),
    trustedProxyHops: 1,
    rateLimit: { registration: { limit: 3, overallLimit: 5, windowSeconds: 3600 }, management: { limit: 2, windowSeconds: 3600 } },
  };
  const from = (app: TestApp, ip: string) => request(app.http).post('/oauth2/register').set('X-Forwarded-For', `203.0.113.99, ${ip}`).send(body);

  beforeAll(async () => {
    first = await createTestApp(options);
    second = await createTestApp(options, { database: first.database });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('limits registrations per client IP across instances, then overall, with 429 and Retry-After', async () => {
    const statuses = [];
    for (const app of [first, second, first, second]) statuses.push((await from(app, '198.51.100.1')).status);
    expect(statuses).toEqual([201, 201, 201, 429]);

    const limited = await from(first, '198.51.100.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(limited.body).toEqual({ error: 'temporarily_unavailable', error_description: 'too many registration requests from this address; retry after the current window' });

    // Another address still gets through until the overall limit (5 counted so far: 3 + 2 refused).
    const other = await from(second, '198.51.100.2');
    expect(other.status).toBe(429);
    expect(other.body.error_description).toBe('too many registration requests; retry after the current window');
    expect(await first.countClients()).toBe(3);
  });

  it('counts an IPv6 /64 as one address', async () => {
    const app = await createTestApp({ ...profile('default'), trustedProxyHops: 1, rateLimit: { registration: { limit: 1 } } });
    try {
      await request(app.http).post('/oauth2/register').set('X-Forwarded-For', '2001:db8:1:2::1').send(body).expect(201);
      await request(app.http).post('/oauth2/register').set('X-Forwarded-For', '2001:db8:1:2:ffff::9').send(body).expect(429);
      await request(app.http).post('/oauth2/register').set('X-Forwarded-For', '2001:db8:1:3::1').send(body).expect(201);
    } finally {
      await app.close();
    }
  });

  it('ignores client-written X-Forwarded-For entries beyond the trusted hops', async () => {
    const app = await createTestApp({ ...profile('default'), trustedProxyHops: 1, rateLimit: { registration: { limit: 1 } } });
    try {
      await request(app.http).post('/oauth2/register').set('X-Forwarded-For', '10.0.0.1, 192.0.2.7').send(body).expect(201);
      // A forged left-most entry does not make a new address: the proxy's entry (right-most) counts.
      await request(app.http).post('/oauth2/register').set('X-Forwarded-For', '10.9.9.9, 192.0.2.7').send(body).expect(429);
    } finally {
      await app.close();
    }
  });

  it('limits the RFC 7592 endpoints', async () => {
    const app = await createTestApp({ ...profile('default'), rateLimit: { management: { limit: 2 } } });
    try {
      const client = (await request(app.http).post('/oauth2/register').send(body).expect(201)).body;
      const path = new URL(client.registration_client_uri).pathname;
      const read = () => request(app.http).get(path).set('Authorization', `Bearer ${client.registration_access_token}`);
      expect([(await read()).status, (await read()).status, (await read()).status]).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });
});

describe('quotas of live clients', () => {
  it('caps clients overall, per software_id and per initial access token, and frees a place on delete', async () => {
    const token = 'iat-quota-0123456789abcdefghijklmnopqrstuvwxyz';
    const t = await createTestApp({
      ...profile('default'),
      quotas: { maxClients: 4, maxClientsPerSoftwareId: 2, maxClientsPerInitialAccessToken: 1 },
      initialAccessToken: { tokens: [{ token, id: 'quota-token' }] },
    });
    try {
      const register = (payload: object, iat?: string) => {
        const call = request(t.http).post('/oauth2/register');
        return (iat ? call.set('Authorization', `Bearer ${iat}`) : call).send({ ...body, ...payload });
      };
      await register({ software_id: 'app', software_version: '1' }).expect(201);
      const second = await register({ software_id: 'app', software_version: '1' }).expect(201);
      const perSoftware = await register({ software_id: 'app', software_version: '1' }).expect(400);
      expect(perSoftware.body).toEqual({ error: 'invalid_client_metadata', error_description: 'the maximum of 2 registered clients for this software_id is reached' });

      await register({}, token).expect(201);
      const perToken = await register({}, token).expect(400);
      expect(perToken.body.error_description).toBe('the maximum of 1 registered clients for this initial access token is reached');

      await register({}).expect(201);
      const overall = await register({}).expect(400);
      expect(overall.body.error_description).toBe('the maximum of 4 registered clients is reached');
      expect(await t.countClients()).toBe(4);

      // Deleting one (RFC 7592) frees its places.
      await request(t.http).delete(new URL(second.body.registration_client_uri).pathname).set('Authorization', `Bearer ${second.body.registration_access_token}`).expect(204);
      await register({ software_id: 'app', software_version: '1' }).expect(201);
      expect(await t.countClients()).toBe(4);
    } finally {
      await t.close();
    }
  });

  it('moves a client between per-software_id quotas when an RFC 7592 update changes its software_id', async () => {
    const t = await createTestApp({ ...profile('default'), quotas: { maxClientsPerSoftwareId: 1 } });
    try {
      const app = (await request(t.http).post('/oauth2/register').send({ ...body, software_id: 'app' }).expect(201)).body;
      const other = (await request(t.http).post('/oauth2/register').send({ ...body, software_id: 'other' }).expect(201)).body;
      const put = (client: typeof app, softwareId: string) =>
        request(t.http)
          .put(new URL(client.registration_client_uri).pathname)
          .set('Authorization', `Bearer ${client.registration_access_token}`)
          .send({ ...body, client_id: client.client_id, software_id: softwareId });
      const full = await put(other, 'app').expect(400);
      expect(full.body.error_description).toBe('the maximum of 1 registered clients for this software_id is reached');
      expect((await t.clientRow(other.client_id))?.software_id).toBe('other');
      await put(app, 'renamed').expect(200);
      // "app" has a free place again; "renamed" is now full.
      await request(t.http).post('/oauth2/register').send({ ...body, software_id: 'app' }).expect(201);
      await request(t.http).post('/oauth2/register').send({ ...body, software_id: 'renamed' }).expect(400);
    } finally {
      await t.close();
    }
  });

  it('frees a place when an administrator deletes a client', async () => {
    const t = await createTestApp({ ...profile('default'), quotas: { maxClients: 1 }, admin: { token: ADMIN_TOKEN } });
    try {
      const first = await request(t.http).post('/oauth2/register').send(body).expect(201);
      await request(t.http).post('/oauth2/register').send(body).expect(400);
      await request(t.http).delete(`/tech-clients/${first.body.client_id}`).set(AS_ADMIN).expect(204);
      await request(t.http).post('/oauth2/register').send(body).expect(201);
      expect(await t.countClients()).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('counts the clients registered while no cap applied once a cap applies again', async () => {
    const capped = await createTestApp({ ...profile('default'), quotas: { maxClients: 4 } });
    const uncapped = await createTestApp(profile('default'), { database: capped.database });
    try {
      const register = (app: TestApp) => request(app.http).post('/oauth2/register').send(body);
      await register(capped).expect(201);
      await register(uncapped).expect(201);
      await register(uncapped).expect(201);
      await register(capped).expect(201);
      const full = await register(capped).expect(400);
      expect(full.body.error_description).toBe('the maximum of 4 registered clients is reached');
      expect(await capped.countClients()).toBe(4);
    } finally {
      await uncapped.close();
      await capped.close();
    }
  });

  it('never lets concurrent registrations exceed the cap', async () => {
    const t = await createTestApp({ ...profile('default'), quotas: { maxClients: 7 } });
    const other = await createTestApp({ ...profile('default'), quotas: { maxClients: 7 } }, { database: t.database });
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => request((i % 2 ? t : other).http).post('/oauth2/register').send(body)));
      expect(responses.filter((response) => response.status === 201)).toHaveLength(7);
      expect(responses.filter((response) => response.status === 400)).toHaveLength(13);
      expect(await t.countClients()).toBe(7);
    } finally {
      await other.close();
      await t.close();
    }
  });
});

class DeletionRecorder extends TechClientInterceptor {
  static readonly events: TechClientEvent[] = [];
  onChange(event: TechClientEvent): void {
    if (event.change === 'deleted') DeletionRecorder.events.push(event);
  }
}

describe('reaping forgotten clients', () => {
  it('deletes clients unused or with long-expired secrets, once, through the interceptors', async () => {
    const options = { ...profile('default'), reaping: { unusedDays: 30, expiredSecretDays: 7, intervalSeconds: 3600 } };
    const t = await createTestApp(options, { extras: { interceptors: [DeletionRecorder] } });
    const peer = await createTestApp(options, { database: t.database, extras: { interceptors: [DeletionRecorder] } });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await request(t.http).post('/oauth2/register').send(body).expect(201)).body.client_id);
      const day = 86_400_000;
      const now = Date.now();
      const set = (id: string, column: string, value: number) =>
        t.dataSource.query(`UPDATE tech_client SET ${column} = ${t.database.driver === 'postgres' ? '$1' : '?'} WHERE id = ${t.database.driver === 'postgres' ? '$2' : '?'}`, [value, id]);
      await set(ids[0], 'created_at', now - 40 * day); // never used, 40 days old → reaped
      await set(ids[1], 'created_at', now - 40 * day);
      await set(ids[1], 'last_used_at', now - day); // used yesterday → kept
      await set(ids[2], 'secret_expires_at', Math.floor((now - 10 * day) / 1000)); // expired 10 days ago → reaped
      await set(ids[3], 'secret_expires_at', Math.floor((now - 2 * day) / 1000)); // expired 2 days ago → kept

      // Two instances run the job at the same time: the lease lets one of them work.
      const counts = await Promise.all([t.app.get(ClientReaper).runOnce(now), peer.app.get(ClientReaper).runOnce(now)]);
      expect(counts.sort()).toEqual([0, 2]);
      expect(await t.clientRow(ids[0])).toBeUndefined();
      expect(await t.clientRow(ids[1])).toBeDefined();
      expect(await t.clientRow(ids[2])).toBeUndefined();
      expect(await t.clientRow(ids[3])).toBeDefined();
      // Delivered from the outbox by either instance's dispatcher.
      await Promise.all([t.app.get(ChangeDispatcher).flush(), peer.app.get(ChangeDispatcher).flush()]);
      expect(DeletionRecorder.events.map((event) => [event.clientId, event.via, event.actor.id, event.detail]).sort()).toEqual(
        [
          [ids[0], 'job', 'reaper', 'not used for 30 days'],
          [ids[2], 'job', 'reaper', 'secret expired more than 7 days ago'],
        ].sort(),
      );
    } finally {
      await peer.close();
      await t.close();
    }
  });
});

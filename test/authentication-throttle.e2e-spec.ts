import request from 'supertest';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TestApp } from './utils/test-app';

const MAX_FAILURES = 3;
const MAX_FAILURES_PER_CLIENT = 5;
const WINDOW_SECONDS = 300;

interface Registered {
  id: string;
  secret: string;
}

/**
 * Brute-force throttling of client authentication with two app instances on one database (the
 * suite runs on SQLite and on PostgreSQL): the counters are shared, so an attacker gains nothing
 * by spreading guesses over instances.
 */
describe('client authentication throttling, two instances sharing one database', () => {
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    const options = {
      ...profile('default'),
      clientAuthentication: { maxFailures: MAX_FAILURES, maxFailuresPerClient: MAX_FAILURES_PER_CLIENT, windowSeconds: WINDOW_SECONDS },
      // The instances stand behind one proxy that tells the client address (X-Forwarded-For).
      trustedProxyHops: 1,
    };
    one = await createTestApp(options);
    two = await createTestApp(options, { database: one.database });
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  async function register(): Promise<Registered> {
    const response = await request(one.http)
      .post('/oauth2/register')
      .send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' })
      .expect(201);
    return { id: response.body.client_id, secret: response.body.client_secret };
  }

  function token(instance: TestApp, clientId: string, secret: string, ip = '203.0.113.10') {
    return request(instance.http)
      .post('/oauth2/token')
      .set('X-Forwarded-For', ip)
      .auth(clientId, secret)
      .type('form')
      .send('grant_type=client_credentials');
  }

  function expectThrottled(response: request.Response): void {
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ error: 'invalid_client', error_description: 'too many failed client authentication attempts; try again later' });
    const retryAfter = Number(response.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(response.headers['cache-control']).toBe('no-store');
  }

  it('after maxFailures failures spread over both instances, the client gets 429 on both, even with its secret', async () => {
    const victim = await register();
    const bystander = await register();
    for (let i = 0; i < MAX_FAILURES; i++) {
      const response = await token(i % 2 ? two : one, victim.id, `guess-${i}`);
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_client');
    }
    expectThrottled(await token(one, victim.id, 'guess-next'));
    expectThrottled(await token(two, victim.id, victim.secret));

    // Other clients, from the same address and on both instances, are unaffected.
    await token(one, bystander.id, bystander.secret).expect(200);
    await token(two, bystander.id, bystander.secret).expect(200);
    // The same client from another address is not throttled by this address's failures.
    await token(two, victim.id, victim.secret, '198.51.100.20').expect(200);
  });

  it('counts per client across addresses: maxFailuresPerClient failures from many addresses throttle everyone', async () => {
    const victim = await register();
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) {
      await token(i % 2 ? two : one, victim.id, 'wrong', `192.0.2.${i + 1}`).expect(401);
    }
    expectThrottled(await token(one, victim.id, victim.secret, '192.0.2.200'));
  });

  it('of a burst of concurrent guesses on both instances, exactly maxFailures are answered 401', async () => {
    const victim = await register();
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => token(i % 2 ? two : one, victim.id, `burst-${i}`, '203.0.113.99')));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_FAILURES);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - MAX_FAILURES);
  });

  it('an unknown client id is throttled exactly like a known one (no existence oracle)', async () => {
    const known = await register();
    const sequence = async (clientId: string, ip: string) => {
      const seen: string[] = [];
      for (let i = 0; i < MAX_FAILURES + 2; i++) {
        const response = await token(i % 2 ? two : one, clientId, 'wrong', ip);
        seen.push(`${response.status} ${response.text}`);
      }
      return seen;
    };
    expect(await sequence('7d0f3c1e-0000-4000-8000-00000000abcd', '203.0.113.50')).toEqual(await sequence(known.id, '203.0.113.51'));
  });

  it('a success clears the failures from that address', async () => {
    const client = await register();
    for (let i = 0; i < MAX_FAILURES - 1; i++) await token(one, client.id, 'wrong', '203.0.113.60').expect(401);
    await token(two, client.id, client.secret, '203.0.113.60').expect(200);
    for (let i = 0; i < MAX_FAILURES - 1; i++) await token(two, client.id, 'wrong', '203.0.113.60').expect(401);
    await token(one, client.id, client.secret, '203.0.113.60').expect(200);
  });

  it('random client ids cannot fill the table: per-address counters stay in at most 64 rows', async () => {
    const rows = async (prefix: string) =>
      Number((await one.dataSource.query(`SELECT COUNT(*) AS n FROM tech_client_auth_failure WHERE attempt_key LIKE '${prefix}%'`))[0].n);
    const before = await rows('a:');
    for (let i = 0; i < 150; i++) await token(i % 2 ? two : one, `random-${i}-${Math.random()}`, 'x', '203.0.113.77');
    expect((await rows('a:')) - before).toBeLessThanOrEqual(64);
  });

  it('stores neither client ids nor addresses in clear', async () => {
    const victim = await register();
    await token(one, victim.id, 'wrong', '203.0.113.88').expect(401);
    const keys: { attempt_key: string }[] = await one.dataSource.query('SELECT attempt_key FROM tech_client_auth_failure');
    expect(keys.length).toBeGreaterThan(0);
    for (const { attempt_key: key } of keys) {
      expect(key).toMatch(/^[ac]:v1:[A-Za-z0-9_-]{43}$/);
      expect(key).not.toContain(victim.id);
      expect(key).not.toContain('203.0.113');
    }
  });
});

describe('client authentication throttling with the default limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(profile('default'));
  });
  afterAll(() => t.close());

  it('allows 10 failures, then answers 429 (DESIGN default maxFailures: 10)', async () => {
    const registered = await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(201);
    const attempt = () => request(t.http).post('/oauth2/token').auth(registered.body.client_id, 'wrong').type('form').send('grant_type=client_credentials');
    for (let i = 0; i < 10; i++) await attempt().expect(401);
    const throttled = await attempt();
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });
});

/**
 * What an operator reads: each failure at info with its reason, and one warning when a client
 * from an address is throttled, whichever instance served the attempt that reached the limit.
 */
describe('client authentication logs, two instances sharing one database', () => {
  const LIMIT = 10;
  const logs = [new RecordingLogger(), new RecordingLogger()];
  let instances: TestApp[];

  beforeAll(async () => {
    const options = { ...profile('default'), clientAuthentication: { maxFailures: LIMIT, maxFailuresPerClient: 100, windowSeconds: WINDOW_SECONDS } };
    const first = await createTestApp(options, { logger: logs[0] });
    instances = [first, await createTestApp(options, { database: first.database, logger: logs[1] })];
  });
  afterAll(async () => {
    await instances[1].close();
    await instances[0].close();
  });

  const lines = (pattern: string) => logs.flatMap((log) => log.lines.filter((line) => line.includes(pattern)));
  const token = (instance: TestApp, clientId: string, secret: string) =>
    request(instance.http).post('/oauth2/token').auth(clientId, secret).type('form').send('grant_type=client_credentials');

  it('10 wrong secrets in a row, then 429s: exactly one throttle warning, and one info line per failure with its reason', async () => {
    const registered = await request(instances[0].http).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(201);
    const { client_id: clientId, client_secret: secret } = registered.body;
    for (let i = 0; i < LIMIT; i++) await token(instances[i % 2], clientId, `wrong-${i}`).expect(401);
    for (let i = 0; i < 4; i++) await token(instances[i % 2], clientId, i ? `wrong-again-${i}` : secret).expect(429);

    const warnings = lines('client_authentication.throttled');
    expect(warnings).toHaveLength(1);
    // The window started at the first failure: a second or so may have passed since.
    expect(warnings[0]).toMatch(
      new RegExp(`^warn \\{"event":"client_authentication\\.throttled","server":"default","clientId":"${clientId}","method":"client_secret_basic","address":"[0-9a-f.:]+","scopes":\\["client_address"\\],"failures":10,"retryAfterSeconds":(29\\d|300)\\} DcrAudit$`),
    );
    const failures = lines('client_authentication.failed');
    expect(failures).toHaveLength(LIMIT);
    for (const line of failures) {
      expect(line).toBe(`log {"event":"client_authentication.failed","server":"default","clientId":"${clientId}","method":"client_secret_basic","reason":"wrong_secret"} DcrAudit`);
    }
    expect(logs.map((log) => log.text()).join('\n')).not.toContain(secret);
  });

  it('an unknown client is logged as such, at info', async () => {
    await token(instances[0], 'no-such-client', 'whatever').expect(401);
    expect(lines('"clientId":"no-such-client"')).toEqual([
      'log {"event":"client_authentication.failed","server":"default","clientId":"no-such-client","method":"client_secret_basic","reason":"unknown_client"} DcrAudit',
    ]);
  });
});

import request from 'supertest';
import type { DcrModuleOptions, RateLimitRule } from '../src/dcr';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TestApp } from './utils/test-app';

const body = { grant_types: ['client_credentials'] };
const CONCURRENCY = 16;

/**
 * Sends `call` from one address, `CONCURRENCY` at a time, until the first 429 (at most twice the
 * limit and a batch: the fixed window may roll over once during the run). Returns the 201/200
 * count, the 429, and whether the run stayed within one window.
 */
async function untilLimited(rule: Required<RateLimitRule>, call: () => request.Test) {
  const windowOf = () => Math.floor(Date.now() / (rule.windowSeconds * 1000));
  const startWindow = windowOf();
  let accepted = 0;
  for (let sent = 0; sent < 2 * rule.limit + CONCURRENCY; sent += CONCURRENCY) {
    const responses = await Promise.all(Array.from({ length: CONCURRENCY }, () => call()));
    accepted += responses.filter((response) => response.status < 300).length;
    const limited = responses.find((response) => response.status === 429);
    if (limited) return { accepted, limited, oneWindow: windowOf() === startWindow };
  }
  return { accepted, limited: undefined, oneWindow: windowOf() === startWindow };
}

/**
 * config/default.json, the example host's profile, ships per-address rate limits: without them
 * one address stored 14,685 clients in 11 s. And the module says at start-up when registration is
 * open to anyone and not rate-limited.
 */
describe('rate limits of the example profile (config/default.json)', () => {
  const shipped = profile('default');
  const registration = shipped.rateLimit?.registration as Required<RateLimitRule>;
  const management = shipped.rateLimit?.management as Required<RateLimitRule>;
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(shipped);
  });
  afterAll(() => t.close());

  it('limits registrations per address: 429 with Retry-After once the window is used up, nothing more stored', async () => {
    expect(registration).toEqual({ limit: expect.any(Number), windowSeconds: expect.any(Number) });
    const before = await t.countClients();
    const { accepted, limited, oneWindow } = await untilLimited(registration, () => request(t.http).post('/oauth2/register').send(body));
    expect(limited).toBeDefined();
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited!.headers['retry-after'])).toBeLessThanOrEqual(registration.windowSeconds);
    expect(limited!.body).toEqual({ error: 'temporarily_unavailable', error_description: 'too many registration requests from this address; retry after the current window' });
    if (oneWindow) expect(accepted).toBe(registration.limit);
    expect(await t.countClients()).toBe(before + accepted);
  }, 120_000);

  it('limits RFC 7592 requests per address the same way', async () => {
    const other = await createTestApp(shipped);
    try {
      const client = await request(other.http).post('/oauth2/register').send(body).expect(201);
      const path = new URL(client.body.registration_client_uri).pathname;
      const read = () => request(other.http).get(path).set('Authorization', `Bearer ${client.body.registration_access_token}`);
      const { accepted, limited, oneWindow } = await untilLimited(management, read);
      expect(limited).toBeDefined();
      expect(Number(limited!.headers['retry-after'])).toBeLessThanOrEqual(management.windowSeconds);
      expect(limited!.body.error_description).toBe('too many management requests from this address; retry after the current window');
      if (oneWindow) expect(accepted).toBe(management.limit);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('does not warn at start-up: its registration is limited', async () => {
    const logger = new RecordingLogger();
    // As the example host runs it: with its issuer (see readHostConfig).
    const quiet = await createTestApp({ ...shipped, issuer: 'http://localhost:3000' }, { logger });
    await quiet.close();
    expect(logger.lines.filter((line) => line.startsWith('warn') && line.endsWith(' DcrModule'))).toEqual([]);
  });

  it('without its rate limit, the module warns at start-up in one line naming the option', async () => {
    const logger = new RecordingLogger();
    const { rateLimit: _omitted, ...open } = shipped as DcrModuleOptions;
    const warned = await createTestApp({ ...open, issuer: 'http://localhost:3000' }, { logger });
    await warned.close();
    expect(logger.lines.filter((line) => line.startsWith('warn') && line.endsWith(' DcrModule'))).toEqual([
      'warn Registration at /oauth2/register is open (initialAccessToken.required is false) and has no rate limit: set rateLimit.registration.limit, or one address can register clients without bound DcrModule',
    ]);
  });
});

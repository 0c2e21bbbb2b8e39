import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ClientReaper, ClientTrust, DcrConfigurationError, DcrModuleOptions, TechClientEntity } from '../src/dcr';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TestApp } from './utils/test-app';

const IAT = 'iat-partner-onboarding-0123456789abcdefghijklmn';
const STATEMENT_ISSUER = 'https://directory.example';
const HOUR = 3_600_000;

// What real clients send (see test/fixtures/interop): VS Code names no auth method; claude.ai asks
// for client_secret_post; a service asks for client_credentials.
const vsCode = { client_name: 'Visual Studio Code', redirect_uris: ['http://127.0.0.1:33418/', 'https://vscode.dev/redirect'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };
const claudeAi = { client_name: 'claudeai', redirect_uris: ['https://claude.ai/api/mcp/auth_callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post', scope: 'claudeai' };
const service = { client_name: 'Billing sync', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', scope: 'api:read' };

describe('registration tiers', () => {
  let signingKey: KeyLike;
  let publicJwk: object;

  const base = (): Partial<DcrModuleOptions> => ({
    ...profile('default'),
    trustedProxyHops: 1,
    rateLimit: {},
    admin: { token: ADMIN_TOKEN },
    initialAccessToken: { tokens: [{ token: IAT, id: 'partner-onboarding' }] },
    softwareStatement: { trustedIssuers: [{ issuer: STATEMENT_ISSUER, jwks: { keys: [publicJwk] }, algorithms: ['ES256'] }] },
  });
  const statement = (claims: object) =>
    new SignJWT(claims as Record<string, unknown>).setProtectedHeader({ alg: 'ES256' }).setIssuer(STATEMENT_ISSUER).setIssuedAt().setExpirationTime('10m').sign(signingKey);
  const register = (app: TestApp, body: object, options: { token?: string; from?: string } = {}) => {
    let call = request(app.http).post('/oauth2/register').set('X-Forwarded-For', options.from ?? '198.51.100.7');
    if (options.token) call = call.set('Authorization', `Bearer ${options.token}`);
    return call.send(body);
  };
  const trustOf = async (app: TestApp, clientId: string) =>
    (await request(app.http).get(`/tech-clients/${encodeURIComponent(clientId)}`).set(AS_ADMIN).expect(200)).body.data.attributes.trust;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signingKey = pair.privateKey;
    publicJwk = await exportJWK(pair.publicKey);
  });

  describe('profiles', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ ...base(), tiers: {} });
    });
    afterAll(() => t.close());

    it('gives an anonymous client that names no method a public client (none), echoed, with no secret', async () => {
      const response = await register(t, vsCode).expect(201);
      expect(response.body).toMatchObject({ token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
      expect(response.body.client_secret).toBeUndefined();
      const row = await t.clientRow(response.body.client_id);
      expect(row).toMatchObject({ arrival: 'anonymous', vouched_by: null, secret_digest: null });
    });

    it('substitutes none for a secret method an anonymous client asks for, and says so in the 201', async () => {
      const response = await register(t, claudeAi).expect(201);
      expect(response.body.token_endpoint_auth_method).toBe('none');
      expect(response.body.client_secret).toBeUndefined();
      expect(response.body.redirect_uris).toEqual(claudeAi.redirect_uris);
    });

    it('refuses client_credentials to an anonymous client and stores nothing', async () => {
      const before = await t.countClients();
      const response = await register(t, service).expect(400);
      expect(response.body).toEqual({
        error: 'invalid_client_metadata',
        error_description: 'grant_types: no supported grant type requested (allowed: authorization_code, refresh_token)',
      });
      expect(await t.countClients()).toBe(before);
    });

    it('keeps an anonymous client public when it asks for a secret method in an RFC 7592 update', async () => {
      const created = (await register(t, vsCode).expect(201)).body;
      const updated = await request(t.http)
        .put(`/oauth2/register/${created.client_id}`)
        .set('Authorization', `Bearer ${created.registration_access_token}`)
        .send({ ...vsCode, client_id: created.client_id, token_endpoint_auth_method: 'client_secret_basic', grant_types: ['authorization_code', 'client_credentials'] })
        .expect(200);
      expect(updated.body).toMatchObject({ token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] });
      expect(updated.body.client_secret).toBeUndefined();
    });

    it('gives a registration with an initial access token what the server allows, and records who vouched', async () => {
      const response = await register(t, service, { token: IAT }).expect(201);
      expect(response.body).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'] });
      expect(typeof response.body.client_secret).toBe('string');
      expect(await trustOf(t, response.body.client_id)).toEqual({
        arrival: 'initial_access_token', tier: 'initialAccessToken', vouchedBy: 'partner-onboarding', vouched: true, redirectHosts: [], publicClient: false,
      });
    });

    it('attests a registration with a trusted software statement: its issuer vouched', async () => {
      const response = await register(t, { ...service, software_statement: await statement({ software_id: 'tpp-billing' }) }).expect(201);
      expect(response.body.grant_types).toEqual(['client_credentials']);
      expect(await t.clientRow(response.body.client_id)).toMatchObject({ arrival: 'software_statement', vouched_by: STATEMENT_ISSUER });
    });

    it('shows an anonymous client’s redirect hosts to the admin API and to ClientTrust', async () => {
      const created = (await register(t, { ...vsCode, redirect_uris: [...vsCode.redirect_uris, 'cursor://anysphere.cursor-retrieval/oauth/callback'] }).expect(201)).body;
      const trust = await trustOf(t, created.client_id);
      expect(trust).toEqual({ arrival: 'anonymous', tier: 'anonymous', vouchedBy: null, vouched: false, redirectHosts: ['127.0.0.1', 'vscode.dev', 'cursor:'], publicClient: true });
      const entity = await t.dataSource.manager.findOneByOrFail(TechClientEntity, { id: created.client_id });
      expect(t.app.get(ClientTrust).of(entity)).toEqual({ clientId: created.client_id, authorizationServer: 'default', locked: false, ...trust });
    });
  });

  it('explains the tier and every substitution in the decision report', async () => {
    const logger = new RecordingLogger();
    const t = await createTestApp({ ...base(), tiers: {} }, { logger });
    try {
      const created = (await register(t, claudeAi).expect(201)).body;
      const accepted = logger.lines.find((line) => line.includes('registration.accepted') && line.includes(created.client_id))!;
      const decisions = JSON.parse(accepted.slice(accepted.indexOf('{'), accepted.lastIndexOf('}') + 1)).decisions;
      expect(decisions[0]).toEqual({
        processor: 'tier', field: 'anonymous', decision: 'accepted',
        reason: 'nothing vouched for the registration; its profile allows grant types authorization_code, refresh_token; auth methods none',
      });
      expect(decisions).toContainEqual({ processor: 'token_endpoint_auth_method', field: 'token_endpoint_auth_method', decision: 'filtered', reason: '"client_secret_post" is not allowed (allowed: none)' });
      expect(decisions).toContainEqual({ processor: 'token_endpoint_auth_method', field: 'token_endpoint_auth_method', decision: 'defaulted', reason: 'replaces the dropped value' });
    } finally {
      await t.close();
    }
  });

  describe('the shipped open-registration profile (config/open-registration.json)', () => {
    const folder = join(__dirname, 'fixtures', 'interop');
    const corpus = readdirSync(folder).filter((file) => file.endsWith('.json')).sort()
      .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(folder, file), 'utf8')).request as Record<string, unknown>] as const);
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ ...profile('open-registration'), trustedProxyHops: 1, admin: { token: ADMIN_TOKEN }, initialAccessToken: { tokens: [{ token: IAT, id: 'partner-onboarding' }] } });
    });
    afterAll(() => t.close());

    it.each(corpus)('registers %s as it arrives: a public client without a secret, or a token for a service', async (name, body) => {
      const grants = (body.grant_types as string[] | undefined) ?? ['authorization_code'];
      if (grants.includes('client_credentials')) {
        await register(t, body, { from: '192.0.2.50' }).expect(400);
        const vouched = await register(t, body, { token: IAT }).expect(201);
        expect(typeof vouched.body.client_secret).toBe('string');
        return;
      }
      const response = await register(t, body, { from: `192.0.2.${corpus.findIndex(([file]) => file === name) + 60}` }).expect(201);
      expect(response.body.token_endpoint_auth_method).toBe('none');
      expect(response.body.client_secret).toBeUndefined();
    });

    it('flags a name that is a real client’s, and says who vouched for nobody', async () => {
      const chatgpt = corpus.find(([name]) => name === 'chatgpt')![1];
      const created = (await register(t, { ...chatgpt, client_name: 'ChatGРТ' }, { from: '192.0.2.90' }).expect(201)).body;
      expect(await trustOf(t, created.client_id)).toMatchObject({ arrival: 'anonymous', vouched: false, resemblesReservedName: 'ChatGPT', redirectHosts: ['chatgpt.com'] });
    });
  });

  describe('limits', () => {
    it('turns a flood of the anonymous tier away with 429 and Retry-After while initial-access-token registrations still get 201', async () => {
      const t = await createTestApp({ ...base(), tiers: { anonymous: { rateLimit: { overall: 5 } } } });
      try {
        // Many addresses, as a flood through a botnet or a vendor's egress looks.
        const flood = Array.from({ length: 30 }, (_, i) => register(t, vsCode, { from: `203.0.113.${i + 1}` }));
        const vouched = Array.from({ length: 10 }, () => register(t, service, { token: IAT }));
        const [anonymous, partners] = await Promise.all([Promise.all(flood), Promise.all(vouched)]);
        expect(anonymous.filter((response) => response.status === 201)).toHaveLength(5);
        const refused = anonymous.filter((response) => response.status !== 201);
        expect(refused).toHaveLength(25);
        for (const response of refused) {
          expect(response.status).toBe(429);
          expect(response.body).toEqual({ error: 'temporarily_unavailable', error_description: 'too many registrations in the anonymous tier; retry after the current window' });
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        }
        expect(partners.map((response) => response.status)).toEqual(Array(10).fill(201));
        expect(await t.countClients()).toBe(15);
      } finally {
        await t.close();
      }
    });

    it('counts per address, per web redirect host and per software_id, each on its own', async () => {
      const t = await createTestApp({ ...base(), tiers: { anonymous: { rateLimit: { perAddress: 2, perRedirectHost: 3, perSoftwareId: 2 } } } });
      try {
        await register(t, vsCode, { from: '192.0.2.1' }).expect(201);
        await register(t, vsCode, { from: '192.0.2.1' }).expect(201);
        const third = await register(t, vsCode, { from: '192.0.2.1' }).expect(429);
        expect(third.body.error_description).toBe('too many registrations in the anonymous tier from this address; retry after the current window');
        // The third request stopped at its address: vscode.dev counted two registrations, then a third.
        await register(t, vsCode, { from: '192.0.2.2' }).expect(201);
        const host = await register(t, vsCode, { from: '192.0.2.3' }).expect(429);
        expect(host.body.error_description).toBe('too many registrations in the anonymous tier for redirect host vscode.dev; retry after the current window');
        // Loopback and private-use redirect URIs are every native client's: never counted per host.
        const native = { ...vsCode, redirect_uris: ['http://127.0.0.1:8976/callback', 'cursor://anysphere.cursor-retrieval/oauth/callback'] };
        for (let i = 0; i < 4; i++) await register(t, native, { from: `192.0.2.${10 + i}` }).expect(201);
        await register(t, { ...native, software_id: 'flooder' }, { from: '192.0.2.20' }).expect(201);
        await register(t, { ...native, software_id: 'flooder' }, { from: '192.0.2.21' }).expect(201);
        const software = await register(t, { ...native, software_id: 'flooder' }, { from: '192.0.2.22' }).expect(429);
        expect(software.body.error_description).toBe('too many registrations in the anonymous tier for this software_id; retry after the current window');
      } finally {
        await t.close();
      }
    });

    it('caps the anonymous tier’s live clients without taking the vouched tiers’ room', async () => {
      const t = await createTestApp({ ...base(), tiers: { anonymous: { maxClients: 3 } } });
      try {
        for (let i = 0; i < 3; i++) await register(t, vsCode, { from: `192.0.2.${i + 1}` }).expect(201);
        const full = await register(t, vsCode).expect(400);
        expect(full.body).toEqual({ error: 'invalid_client_metadata', error_description: 'the maximum of 3 clients registered anonymously is reached' });
        await register(t, service, { token: IAT }).expect(201);
        expect(await t.countClients()).toBe(4);
      } finally {
        await t.close();
      }
    });

    it('refuses anonymous registration when the tier is off, and still takes tokens and statements', async () => {
      const t = await createTestApp({ ...base(), tiers: { anonymous: { enabled: false } } });
      try {
        const response = await register(t, vsCode).expect(401);
        expect(response.body).toEqual({ error: 'invalid_token', error_description: 'registration here needs an initial access token or a trusted software statement' });
        await register(t, service, { token: IAT }).expect(201);
        await register(t, { ...service, software_statement: await statement({ software_id: 'tpp-billing' }) }).expect(201);
        expect(await t.countClients()).toBe(2);
      } finally {
        await t.close();
      }
    });
  });

  it('reaps anonymous clients never used within their lifetime, by age and use, never others', async () => {
    const t = await createTestApp({ ...base(), tiers: { anonymous: { unusedLifetimeHours: 24 } } });
    try {
      const forgotten = (await register(t, vsCode).expect(201)).body.client_id;
      const used = (await register(t, vsCode).expect(201)).body.client_id;
      const vouched = (await register(t, service, { token: IAT }).expect(201)).body.client_id;
      await t.dataSource.manager.update(TechClientEntity, { id: used }, { lastUsedAt: Date.now() });
      const reaper = t.app.get(ClientReaper);
      expect(await reaper.runOnce(Date.now() + 23 * HOUR)).toBe(0);
      expect(await reaper.runOnce(Date.now() + 25 * HOUR)).toBe(1);
      expect(await t.clientRow(forgotten)).toBeUndefined();
      expect(await t.clientRow(used)).toBeDefined();
      expect(await t.clientRow(vouched)).toBeDefined();
    } finally {
      await t.close();
    }
  });

  describe('reserved names', () => {
    const reservedNames = { names: ['Claude', { name: 'ChatGPT', documentHosts: ['chatgpt.com'] }] };

    it.each([
      ['the name itself', 'Claude'],
      ['a Cyrillic look-alike', 'Сlаude'],
      ['full-width letters', 'Ｃｌａｕｄｅ'],
      ['a longer name', 'Claude Desktop'],
      ['a localized name', undefined],
    ])('refuses %s to an anonymous client, and stores nothing', async (_, name) => {
      const t = await createTestApp({ ...base(), reservedNames });
      try {
        const body = name === undefined ? { ...vsCode, 'client_name#de': 'ChatGPT für Teams' } : { ...vsCode, client_name: name };
        const response = await register(t, body).expect(400);
        expect(response.body.error).toBe('invalid_client_metadata');
        expect(response.body.error_description).toMatch(/^client_name: resembles the reserved name "(Claude|ChatGPT)", kept for clients this server vouches for$/);
        expect(await t.countClients()).toBe(0);
      } finally {
        await t.close();
      }
    });

    it('never stores a name with a zero-width character: the client name rule drops it', async () => {
      const t = await createTestApp({ ...base(), reservedNames });
      try {
        const response = await register(t, { ...vsCode, client_name: 'Cla\u200Bude' }).expect(201);
        expect(response.body.client_name).toBeUndefined();
      } finally {
        await t.close();
      }
    });

    it('lets a vouched-for client use a reserved name, and flags an unvouched one when configured to', async () => {
      const t = await createTestApp({ ...base(), reservedNames: { ...reservedNames, action: 'flag' } });
      try {
        const vouched = (await register(t, { ...service, client_name: 'Claude' }, { token: IAT }).expect(201)).body.client_id;
        expect((await trustOf(t, vouched)).resemblesReservedName).toBeUndefined();
        const anonymous = (await register(t, { ...vsCode, client_name: 'Сlaude' }).expect(201)).body.client_id;
        expect(await trustOf(t, anonymous)).toMatchObject({ vouched: false, resemblesReservedName: 'Claude' });
        const list = await request(t.http).get('/tech-clients').set(AS_ADMIN).expect(200);
        expect(list.body.data.map((client: { attributes: { trust: object } }) => client.attributes.trust)).toContainEqual(expect.objectContaining({ resemblesReservedName: 'Claude' }));
      } finally {
        await t.close();
      }
    });
  });

  const contradictions: { options: object; message: string }[] = [
    {
      options: { grants: { clientCredentials: false, authorizationCode: false, refreshToken: false, implicit: true }, tiers: {} },
      message: 'options.tiers.anonymous.profile.grantTypes: none of authorization_code, refresh_token is enabled in grants; widen the profile or turn the tier off',
    },
    {
      options: { initialAccessToken: { required: true }, tiers: { anonymous: { enabled: true } } },
      message: 'options.tiers.anonymous.enabled: contradicts initialAccessToken.required (which refuses every registration without a token)',
    },
    { options: { tiers: { attested: { rateLimit: { overall: -1 } } } }, message: 'options.tiers.attested.rateLimit.overall' },
    { options: { reservedNames: { names: ['  '] } }, message: 'options.reservedNames.names[0]: must be a name with at least one letter or digit' },
  ];

  it.each(contradictions)('refuses a contradictory configuration at start-up: $message', async ({ options, message }) => {
    const attempt = createTestApp({ ...base(), ...options } as Partial<DcrModuleOptions>);
    await expect(attempt).rejects.toThrow(DcrConfigurationError);
    await expect(attempt).rejects.toThrow(message);
  });
});

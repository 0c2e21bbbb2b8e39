import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import * as openid from 'openid-client';
import request from 'supertest';
import type { DcrModuleOptions } from '../src/dcr';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TestApp } from './utils/test-app';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ISSUER = 'http://localhost';
const TOKEN_ENDPOINT = `${ISSUER}/oauth2/token`;

/** The shipped default profile with private_key_jwt on (loopback jwks_uri fetches allowed: tests only). */
function options(): DcrModuleOptions {
  const base = profile('default');
  return {
    ...base,
    issuer: ISSUER,
    processors: {
      ...base.processors,
      tokenEndpointAuthMethod: { allowed: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'] },
      jwks: { jwksUri: { development: { allowHttpLoopback: true } } },
    },
  } as DcrModuleOptions;
}

interface ClientKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

async function clientKey(kid: string): Promise<ClientKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid } };
}

let jtiCounter = 0;
async function assertion(clientId: string, key: ClientKey, claims: Record<string, unknown> = {}, alg = 'ES256'): Promise<string> {
  jtiCounter += 1;
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: clientId, sub: clientId, aud: TOKEN_ENDPOINT, iat: now, exp: now + 60, jti: `jti-${Date.now()}-${jtiCounter}`, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg, kid: key.kid }).sign(key.privateKey);
}

function register(t: TestApp, body: Record<string, unknown>) {
  return request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', scope: 'api:read', ...body });
}

function token(t: TestApp, form: Record<string, string>, authorization?: string) {
  const call = request(t.http).post('/oauth2/token').type('form');
  if (authorization) call.set('Authorization', authorization);
  return call.send({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, ...form });
}

describe('private_key_jwt (RFC 7523)', () => {
  let t: TestApp;
  let logger: RecordingLogger;
  let key: ClientKey;
  let clientId: string;

  beforeAll(async () => {
    logger = new RecordingLogger();
    t = await createTestApp(options(), { logger });
    key = await clientKey('k1');
    const registered = await register(t, { jwks: { keys: [key.publicJwk] } }).expect(201);
    clientId = registered.body.client_id;
    expect(registered.body.client_secret).toBeUndefined();
    expect(registered.body.token_endpoint_auth_method).toBe('private_key_jwt');
    expect(registered.body.jwks).toEqual({ keys: [key.publicJwk] });
  });
  afterAll(() => t.close());

  it("is advertised in the example host's discovery, with the signing algorithms", async () => {
    const { body } = await request(t.http).get('/.well-known/oauth-authorization-server').expect(200);
    expect(body.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(body.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256']));
  });

  it('registers without a secret and keeps the public keys', async () => {
    const row = await t.clientRow(clientId);
    expect(row?.secret_digest).toBeNull();
    expect(JSON.stringify(row?.metadata)).toContain(key.publicJwk.x);
  });

  it('gets a token with a signed assertion, once: the replay is invalid_client', async () => {
    const signed = await assertion(clientId, key);
    const answer = await token(t, { client_assertion: signed }).expect(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: 'api:read' });
    const replay = await token(t, { client_assertion: signed }).expect(401);
    expect(replay.body.error).toBe('invalid_client');
  });

  it('accepts the issuer as audience, and client_id in the body when it names the same client', async () => {
    await token(t, { client_id: clientId, client_assertion: await assertion(clientId, key, { aud: ISSUER }) }).expect(200);
    await token(t, { client_id: 'someone-else', client_assertion: await assertion(clientId, key) }).expect(401);
  });

  it.each([
    ['a wrong audience', { aud: 'https://evil.example/token' }],
    ['an expired assertion', { exp: Math.floor(Date.now() / 1000) - 600 }],
    ['an exp an hour ahead', { exp: Math.floor(Date.now() / 1000) + 3600 }],
  ])('refuses %s with 401 invalid_client', async (_name, claims) => {
    const answer = await token(t, { client_assertion: await assertion(clientId, key, claims) }).expect(401);
    expect(answer.body.error).toBe('invalid_client');
  });

  it('refuses an assertion naming a kid the client never registered', async () => {
    const stranger = await clientKey('not-registered');
    await token(t, { client_assertion: await assertion(clientId, stranger) }).expect(401);
  });

  it('refuses an assertion signed by another key, HS256 keyed with the public key, and alg none', async () => {
    await token(t, { client_assertion: await assertion(clientId, await clientKey('k1')) }).expect(401);
    const forged = await new SignJWT({ jti: 'forged' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(clientId).setSubject(clientId).setAudience(TOKEN_ENDPOINT).setIssuedAt().setExpirationTime('60s')
      .sign(new TextEncoder().encode(JSON.stringify(key.publicJwk)));
    await token(t, { client_assertion: forged }).expect(401);
    const unsecured = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: clientId, sub: clientId, aud: TOKEN_ENDPOINT, exp: Math.floor(Date.now() / 1000) + 60, jti: 'none' })).toString('base64url')}.`;
    await token(t, { client_assertion: unsecured }).expect(401);
  });

  it('refuses a secret or Basic beside an assertion as invalid_request', async () => {
    const signed = await assertion(clientId, key);
    expect((await token(t, { client_id: clientId, client_secret: 'x', client_assertion: signed }).expect(400)).body.error).toBe('invalid_request');
    const basic = `Basic ${Buffer.from(`${clientId}:x`).toString('base64')}`;
    expect((await token(t, { client_assertion: signed }, basic).expect(400)).body.error).toBe('invalid_request');
  });

  it('refuses a client secret for a private_key_jwt client, and an assertion for a secret client', async () => {
    await request(t.http).post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'guess' }).expect(401);
    const secretClient = await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post', jwks: { keys: [key.publicJwk] } }).expect(201);
    await token(t, { client_assertion: await assertion(secretClient.body.client_id, key) }).expect(401);
  });

  it('refuses a jwks with a private key, and neither answers nor logs it', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'p1' };
    const answer = await register(t, { jwks: { keys: [privateJwk] } }).expect(400);
    expect(answer.body.error).toBe('invalid_client_metadata');
    expect(JSON.stringify(answer.body)).not.toContain(privateJwk.d);
    expect(logger.text()).not.toContain(privateJwk.d);
  });

  it('refuses private_key_jwt without keys, and jwks_uri off loopback http or outside https', async () => {
    expect((await register(t, {}).expect(400)).body.error).toBe('invalid_client_metadata');
    const uris = ['http://client.example/jwks.json', 'https://10.1.2.3/jwks.json', 'https://127.0.0.1/jwks.json', 'https://[::1]/jwks.json', 'https://169.254.169.254/jwks.json', 'data:application/json,{}'];
    for (const uri of uris) {
      expect((await register(t, { jwks_uri: uri }).expect(400)).body.error_description).toMatch(/^jwks_uri: must be an https URL/);
    }
  });

  it('shares used assertions with a second instance on the same database', async () => {
    const second = await createTestApp(options(), { database: t.database });
    try {
      const signed = await assertion(clientId, key);
      await token(second, { client_assertion: signed }).expect(200);
      await token(t, { client_assertion: signed }).expect(401);
      const other = await assertion(clientId, key);
      await token(t, { client_assertion: other }).expect(200);
      await token(second, { client_assertion: other }).expect(401);
    } finally {
      await second.app.close();
    }
  });
});

describe('private_key_jwt failures and the throttle', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ...options(), clientAuthentication: { maxFailures: 2 } });
  });
  afterAll(() => t.close());

  it('counts refused assertions like wrong secrets: after maxFailures even a good assertion waits (429)', async () => {
    const key = await clientKey('k1');
    const clientId = (await register(t, { jwks: { keys: [key.publicJwk] } }).expect(201)).body.client_id;
    const stranger = await clientKey('k1');
    for (let i = 0; i < 2; i++) await token(t, { client_assertion: await assertion(clientId, stranger) }).expect(401);
    const answer = await token(t, { client_assertion: await assertion(clientId, key) }).expect(429);
    expect(answer.headers['retry-after']).toMatch(/^\d+$/);
  });
});

describe('private_key_jwt with a jwks_uri', () => {
  let t: TestApp;
  let documents: Server;
  let served: JWK[];
  let fetches = 0;

  beforeAll(async () => {
    t = await createTestApp(options());
    documents = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=3600' }).end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await t.close();
    documents.closeAllConnections();
    await new Promise((resolve) => documents.close(resolve));
  });

  it('authenticates with the keys at the jwks_uri, and fetches the new kid after the client rotates its keys', async () => {
    const first = await clientKey('2026-01');
    served = [first.publicJwk];
    const jwksUri = `http://127.0.0.1:${(documents.address() as AddressInfo).port}/jwks.json`;
    const registered = await register(t, { jwks_uri: jwksUri }).expect(201);
    expect(registered.body.jwks_uri).toBe(jwksUri);
    const clientId = registered.body.client_id;

    await token(t, { client_assertion: await assertion(clientId, first) }).expect(200);
    await token(t, { client_assertion: await assertion(clientId, first) }).expect(200);
    expect(fetches).toBe(1);

    const rotated = await clientKey('2026-02');
    served = [rotated.publicJwk];
    await token(t, { client_assertion: await assertion(clientId, rotated) }).expect(200);
    expect(fetches).toBe(2);
    // The old key is gone from the set now kept.
    await token(t, { client_assertion: await assertion(clientId, first) }).expect(401);
  });
});

describe('private_key_jwt with a real client library', () => {
  let t: TestApp;
  let base: URL;

  beforeAll(async () => {
    t = await createTestApp(options());
    await t.app.listen(0, '127.0.0.1');
    base = new URL(await t.app.getUrl());
  });
  afterAll(() => t.close());

  it('openid-client: registers with its PrivateKeyJwt and gets a token', async () => {
    // openid-client checks that discovery names the URL it was given: a server of its own whose issuer is its address.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const issuer = `http://127.0.0.1:${port}`;
    const own = await createTestApp({ ...options(), issuer });
    try {
      await own.app.listen(port, '127.0.0.1');
      const { publicKey, privateKey } = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      const publicJwk = { ...(await webcrypto.subtle.exportKey('jwk', publicKey)), kid: 'openid-1' } as JWK;
      delete publicJwk.key_ops;
      delete publicJwk.ext;
      const config = await openid.dynamicClientRegistration(
        new URL(issuer),
        { grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] }, scope: 'api:read' } as unknown as Partial<openid.ClientMetadata>,
        openid.PrivateKeyJwt({ key: privateKey, kid: 'openid-1' }),
        { algorithm: 'oauth2', execute: [openid.allowInsecureRequests] },
      );
      expect(config.clientMetadata().client_secret).toBeUndefined();
      const tokens = await openid.clientCredentialsGrant(config, { scope: 'api:read' });
      expect(tokens.access_token).toEqual(expect.any(String));
    } finally {
      await own.close();
    }
  });

  it('oauth4webapi: client credentials with PrivateKeyJwt', async () => {
    const { publicKey, privateKey } = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const publicJwk = { ...(await webcrypto.subtle.exportKey('jwk', publicKey)), kid: 'lib-1' } as JWK;
    delete publicJwk.key_ops;
    delete publicJwk.ext;
    const registered = await register(t, { jwks: { keys: [publicJwk] } }).expect(201);

    // The configured issuer names the server; its token endpoint is reached on this test's port.
    const as: oauth.AuthorizationServer = { issuer: ISSUER, token_endpoint: new URL('/oauth2/token', base).href };
    const client: oauth.Client = { client_id: registered.body.client_id, token_endpoint_auth_method: 'private_key_jwt' };
    const auth = oauth.PrivateKeyJwt({ key: privateKey, kid: 'lib-1' });
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'api:read' }, { [oauth.allowInsecureRequests]: true });
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    expect(result.access_token).toEqual(expect.any(String));
    expect(result.token_type).toBe('bearer');
  });
});

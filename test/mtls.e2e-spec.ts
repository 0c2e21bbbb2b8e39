import { X509Certificate } from 'node:crypto';
import { createServer as createHttpsServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { certificateThumbprint, type DcrModuleOptions } from '../src/dcr';
import { type KeyPair, makeTestPki, type TestPki, x5cOf } from '../src/dcr/testing/certificates.spec-helper';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TestApp } from './utils/test-app';

const ISSUER = 'http://localhost';

/** The shipped default profile with both mutual-TLS methods allowed. */
function options(extra: Partial<DcrModuleOptions> = {}): DcrModuleOptions {
  const base = profile('default');
  return {
    ...base,
    issuer: ISSUER,
    processors: {
      ...base.processors,
      tokenEndpointAuthMethod: { allowed: ['none', 'client_secret_basic', 'client_secret_post', 'tls_client_auth', 'self_signed_tls_client_auth'] },
      jwks: {},
    },
    ...extra,
  } as DcrModuleOptions;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * An HTTPS listener on 127.0.0.1 in front of the app, as a host's own would be: it asks for a
 * client certificate and checks it against the test CA, but lets the TLS handshake through
 * either way (`rejectUnauthorized: false`), so that self-signed certificates reach the token
 * endpoint and an unverified chain is the authenticator's to refuse. Requests are handed to the
 * app's own HTTP server, Express or Fastify alike.
 */
async function startTlsListener(t: TestApp, pki: TestPki): Promise<Server> {
  const appServer = t.app.getHttpServer();
  const server = createHttpsServer({ key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    appServer.emit('request', req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** A token request over a new TLS connection, with `certificate` as the client certificate (if any). */
function tokenOverTls(server: Server, pki: TestPki, form: Record<string, string>, certificate?: KeyPair): Promise<Answer> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...form }).toString();
  return new Promise((resolve, reject) => {
    const call = httpsRequest({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      path: '/oauth2/token',
      method: 'POST',
      ca: pki.ca.cert,
      ...(certificate && { cert: certificate.cert, key: certificate.key }),
      agent: false,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    call.on('error', reject);
    call.end(body);
  });
}

function register(t: TestApp, body: Record<string, unknown>) {
  return request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'], scope: 'api:read', ...body });
}

const pki = makeTestPki('throwaway client CA')!;
const otherPki = makeTestPki('another CA')!;
afterAll(() => {
  pki.close();
  otherPki.close();
});

describe('mutual-TLS client authentication (RFC 8705) over a real TLS connection', () => {
  let t: TestApp;
  let logger: RecordingLogger;
  let tls: Server;

  beforeAll(async () => {
    logger = new RecordingLogger();
    t = await createTestApp(options(), { logger });
    tls = await startTlsListener(t, pki);
  });
  afterAll(async () => {
    tls.closeAllConnections();
    await new Promise((resolve) => tls.close(resolve));
    await t.close();
  });

  describe('tls_client_auth by subject DN', () => {
    const dn = 'CN=payments client,OU=Payments,O=Example\\, Inc.,C=DE';
    let clientId: string;
    let certificate: KeyPair;

    beforeAll(async () => {
      const registered = await register(t, { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: dn }).expect(201);
      expect(registered.body.client_secret).toBeUndefined();
      expect(registered.body).toMatchObject({ token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: dn });
      clientId = registered.body.client_id;
      certificate = pki.client({ subject: '/C=DE/O=Example, Inc./OU=Payments/CN=Payments Client' });
    });

    it('stores the DN in the metadata and no secret', async () => {
      const row = await t.clientRow(clientId);
      expect(row?.secret_digest).toBeNull();
      expect(JSON.stringify(row?.metadata)).toContain('tls_client_auth_subject_dn');
    });

    it('gets a token with the certificate the CA issued for that DN, bound to it (cnf x5t#S256)', async () => {
      const answer = await tokenOverTls(tls, pki, { client_id: clientId }, certificate);
      expect(answer).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'api:read' } });
      expect(decodeJwt(answer.body.access_token as string).cnf).toEqual({ 'x5t#S256': certificateThumbprint(new X509Certificate(certificate.cert)) });
    });

    it('refuses a certificate of another CA with the same DN (401 invalid_client), logging why', async () => {
      const forged = otherPki.client({ subject: '/C=DE/O=Example, Inc./OU=Payments/CN=Payments Client' });
      const answer = await tokenOverTls(tls, pki, { client_id: clientId }, forged);
      expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(logger.text()).toMatch(/client_authentication\.failed.*certificate_chain_not_verified/);
    });

    it('refuses a certificate of the right CA with another DN, and no certificate at all', async () => {
      const other = pki.client({ subject: '/C=DE/O=Example, Inc./OU=Payments/CN=someone else' });
      expect(await tokenOverTls(tls, pki, { client_id: clientId }, other)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(logger.text()).toMatch(/client_authentication\.failed.*certificate_subject_mismatch/);
      expect(await tokenOverTls(tls, pki, { client_id: clientId })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(logger.text()).toMatch(/client_authentication\.failed.*certificate_missing/);
      // Without TLS there is no certificate either.
      await request(t.http).post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId }).expect(401);
    });
  });

  it('tls_client_auth by a dNSName SAN, compared ignoring case', async () => {
    const clientId = (await register(t, { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_san_dns: 'Client.Example.com' }).expect(201)).body.client_id;
    const good = pki.client({ subject: '/CN=anything', altNames: ['DNS:other.example.com', 'DNS:client.example.com'] });
    expect((await tokenOverTls(tls, pki, { client_id: clientId }, good)).status).toBe(200);
    const bad = pki.client({ subject: '/CN=client.example.com', altNames: ['DNS:client.example.org'] });
    expect((await tokenOverTls(tls, pki, { client_id: clientId }, bad)).status).toBe(401);
  });

  describe('self_signed_tls_client_auth', () => {
    it('authenticates by the SHA-256 thumbprint of a registered x5c certificate, and nothing else', async () => {
      const mine = pki.selfSigned({ subject: '/CN=self-signed client' });
      const registered = await register(t, { token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks: { keys: [{ ...new X509Certificate(mine.cert).publicKey.export({ format: 'jwk' }), x5c: [x5cOf(mine.cert)] }] } }).expect(201);
      expect(registered.body.client_secret).toBeUndefined();
      const clientId = registered.body.client_id;
      expect(await tokenOverTls(tls, pki, { client_id: clientId }, mine)).toMatchObject({ status: 200, body: { token_type: 'Bearer' } });

      // The same subject, another key: another thumbprint.
      const impostor = pki.selfSigned({ subject: '/CN=self-signed client' });
      expect(await tokenOverTls(tls, pki, { client_id: clientId }, impostor)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(logger.text()).toMatch(/client_authentication\.failed.*certificate_not_registered/);
      expect(certificateThumbprint(new X509Certificate(mine.cert))).not.toBe(certificateThumbprint(new X509Certificate(impostor.cert)));
    });

    it('needs a jwks key with x5c at registration', async () => {
      const answer = await register(t, { token_endpoint_auth_method: 'self_signed_tls_client_auth' }).expect(400);
      expect(answer.body).toMatchObject({ error: 'invalid_client_metadata' });
      expect(answer.body.error_description).toMatch(/^jwks: self_signed_tls_client_auth needs/);
    });
  });

  describe('registration refusals', () => {
    it('refuses tls_client_auth with no certificate name, or with two', async () => {
      const none = await register(t, { token_endpoint_auth_method: 'tls_client_auth' }).expect(400);
      expect(none.body).toEqual({
        error: 'invalid_client_metadata',
        error_description: 'token_endpoint_auth_method: tls_client_auth needs exactly one of tls_client_auth_subject_dn, tls_client_auth_san_dns, tls_client_auth_san_uri, tls_client_auth_san_ip, tls_client_auth_san_email (RFC 8705 §2.1.2); none was sent',
      });
      const two = await register(t, { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_san_dns: 'a.example', tls_client_auth_san_uri: 'https://a.example/' }).expect(400);
      expect(two.body).toMatchObject({ error: 'invalid_client_metadata' });
      expect(two.body.error_description).toMatch(/^tls_client_auth_san_uri: .*got tls_client_auth_san_dns and tls_client_auth_san_uri$/);
    });

    it('refuses a malformed subject DN, and drops certificate names of a secret client', async () => {
      const bad = await register(t, { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=a;b' }).expect(400);
      expect(bad.body.error_description).toMatch(/^tls_client_auth_subject_dn: not an RFC 4514 distinguished name/);
      const secret = await register(t, { token_endpoint_auth_method: 'client_secret_basic', tls_client_auth_san_dns: 'a.example' }).expect(201);
      expect(secret.body.tls_client_auth_san_dns).toBeUndefined();
      expect(secret.body.client_secret).toEqual(expect.any(String));
    });
  });

  it('registers and echoes dpop_bound_access_tokens; the example host, which has no DPoP, then refuses to issue Bearer tokens', async () => {
    const registered = await register(t, { token_endpoint_auth_method: 'client_secret_basic', dpop_bound_access_tokens: true }).expect(201);
    expect(registered.body.dpop_bound_access_tokens).toBe(true);
    const refused = await request(t.http).post('/oauth2/token').type('form').auth(registered.body.client_id, registered.body.client_secret).send({ grant_type: 'client_credentials' }).expect(400);
    expect(refused.body).toEqual({ error: 'invalid_request', error_description: 'the client registered dpop_bound_access_tokens: a DPoP proof is required (RFC 9449 §5.2)' });
    expect((await register(t, { dpop_bound_access_tokens: 'yes' }).expect(400)).body.error_description).toBe('dpop_bound_access_tokens: must be a boolean (RFC 9449 §5.2)');
  });

  it('is advertised in discovery where allowed', async () => {
    const { body } = await request(t.http).get('/.well-known/oauth-authorization-server').expect(200);
    expect(body.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['tls_client_auth', 'self_signed_tls_client_auth']));
    // The example host binds the tokens of certificate-authenticated clients (cnf above).
    expect(body.tls_client_certificate_bound_access_tokens).toBe(true);
  });
});

describe('mutual TLS: failures and the throttle', () => {
  let t: TestApp;
  let tls: Server;

  beforeAll(async () => {
    t = await createTestApp(options({ clientAuthentication: { maxFailures: 2 } }));
    tls = await startTlsListener(t, pki);
  });
  afterAll(async () => {
    tls.closeAllConnections();
    await new Promise((resolve) => tls.close(resolve));
    await t.close();
  });

  it('counts refused certificates like wrong secrets: after maxFailures even the right one waits (429)', async () => {
    const clientId = (await register(t, { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=throttled' }).expect(201)).body.client_id;
    const wrong = pki.client({ subject: '/CN=not throttled' });
    for (let i = 0; i < 2; i++) expect((await tokenOverTls(tls, pki, { client_id: clientId }, wrong)).status).toBe(401);
    expect((await tokenOverTls(tls, pki, { client_id: clientId }, pki.client({ subject: '/CN=throttled' }))).status).toBe(429);
  });
});

describe('mutual TLS through a proxy header (clientAuthentication.mtls.certificateHeader)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(options({ clientAuthentication: { mtls: { certificateHeader: 'X-Client-Cert', verifiedHeader: 'X-Client-Verify' } } }));
  });
  afterAll(() => t.close());

  it('reads the URL-encoded PEM the proxy forwards', async () => {
    const clientId = (await register(t, { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_san_uri: 'spiffe://example/payments' }).expect(201)).body.client_id;
    const good = pki.client({ subject: '/CN=p', altNames: ['URI:spiffe://example/payments'] });
    const send = (pem: string, verify = 'SUCCESS') =>
      request(t.http).post('/oauth2/token').type('form').set('X-Client-Cert', encodeURIComponent(pem)).set('X-Client-Verify', verify).send({ grant_type: 'client_credentials', client_id: clientId });
    await send(good.cert).expect(200);
    await send(pki.client({ subject: '/CN=p', altNames: ['URI:spiffe://example/other'] }).cert).expect(401);
    await send('garbage').expect(401);
    // The proxy did not verify this one (nginx: FAILED:… or NONE): not enough for tls_client_auth.
    await send(good.cert, 'FAILED:unable to verify the first certificate').expect(401);
  });
});

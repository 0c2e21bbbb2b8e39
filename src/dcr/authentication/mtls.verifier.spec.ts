import { DefaultGuardedFetcherFactory } from '../fetch/guarded-fetcher.factory';
import { X509Certificate } from 'node:crypto';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { authOptions, MemoryAttemptStore, MemoryTechClientStore, storedClient } from '../testing/authentication.spec-helper';
import { makeTestPki, type TestPki, x5cOf } from '../testing/certificates.spec-helper';
import type { ClientMetadataDocumentResolver } from '../metadata-document/client-metadata-document.resolver';
import { InvalidClientError } from '../errors/token-endpoint.error';
import { SecretDigester } from '../secrets/secret-digester';
import { AuthenticationThrottle } from './authentication.throttle';
import { DefaultClientAuthenticator } from './client-authenticator';
import type { ClientCertificate } from './client-certificate';
import { ClientKeys } from './client-keys';
import { certificateThumbprint, ipAddressBytes, MtlsClientVerifier } from './mtls.verifier';

const OPTIONS = { processors: { tokenEndpointAuthMethod: { allowed: ['tls_client_auth', 'self_signed_tls_client_auth'] as never }, jwks: {} } };

describe('MtlsClientVerifier', () => {
  let pki: TestPki;
  let verifier: MtlsClientVerifier;
  beforeAll(() => {
    pki = makeTestPki()!;
    const options = authOptions(OPTIONS);
    verifier = new MtlsClientVerifier(options, new ClientKeys(options, new DefaultGuardedFetcherFactory()));
  });
  afterAll(() => pki.close());

  const presented = (pem: string, chainVerified = true): ClientCertificate => ({ certificate: new X509Certificate(pem), chainVerified, source: 'host' });
  const tlsClient = (metadata: Record<string, unknown>) => ({ id: 'c', authorizationServer: 'default', tokenEndpointAuthMethod: 'tls_client_auth', metadata });

  it('tls_client_auth: the subject DN or the one registered SAN, with a chain the TLS layer verified', async () => {
    const cert = pki.client({ subject: '/O=Example/CN=client one', altNames: ['DNS:Client.Example', 'IP:2001:db8::1', 'URI:spiffe://example/c', 'email:ops@client.example'] }).cert;
    const now = Date.now();
    expect(await verifier.verify(tlsClient({ tls_client_auth_subject_dn: 'CN=Client One,O=example' }), presented(cert), now)).toBeUndefined();
    expect(await verifier.verify(tlsClient({ tls_client_auth_san_dns: 'client.example' }), presented(cert), now)).toBeUndefined();
    expect(await verifier.verify(tlsClient({ tls_client_auth_san_ip: '2001:db8:0:0:0:0:0:1' }), presented(cert), now)).toBeUndefined();
    expect(await verifier.verify(tlsClient({ tls_client_auth_san_uri: 'spiffe://example/c' }), presented(cert), now)).toBeUndefined();
    expect(await verifier.verify(tlsClient({ tls_client_auth_san_email: 'ops@client.example' }), presented(cert), now)).toBeUndefined();

    expect(await verifier.verify(tlsClient({ tls_client_auth_subject_dn: 'CN=client two,O=Example' }), presented(cert), now)).toBe('certificate_subject_mismatch');
    expect(await verifier.verify(tlsClient({ tls_client_auth_san_uri: 'SPIFFE://example/c' }), presented(cert), now)).toBe('certificate_san_mismatch');
    expect(await verifier.verify(tlsClient({ tls_client_auth_san_ip: '2001:db8::2' }), presented(cert), now)).toBe('certificate_san_mismatch');
    expect(await verifier.verify(tlsClient({ tls_client_auth_subject_dn: 'CN=client one,O=Example' }), presented(cert, false), now)).toBe('certificate_chain_not_verified');
    expect(await verifier.verify(tlsClient({}), presented(cert), now)).toBe('certificate_no_registered_name');
    expect(await verifier.verify(tlsClient({ tls_client_auth_san_dns: 'client.example' }), undefined, now)).toBe('certificate_missing');
    expect(await verifier.verify(tlsClient({ tls_client_auth_san_dns: 'client.example' }), presented(cert), now + 3 * 86_400_000)).toBe('certificate_not_current');
  });

  it('self_signed_tls_client_auth: the thumbprint of an x5c[0] of the registered jwks', async () => {
    const mine = pki.selfSigned({ subject: '/CN=self' }).cert;
    const other = pki.selfSigned({ subject: '/CN=self' }).cert;
    const client = { id: 'c', authorizationServer: 'default', tokenEndpointAuthMethod: 'self_signed_tls_client_auth', metadata: { jwks: { keys: [{ kty: 'EC', x5c: [x5cOf(mine)] }] } } };
    expect(await verifier.verify(client, presented(mine, false), Date.now())).toBeUndefined();
    expect(await verifier.verify(client, presented(other, false), Date.now())).toBe('certificate_not_registered');
    expect(await verifier.verify({ ...client, metadata: {} }, presented(mine, false), Date.now())).toBe('certificate_keys_unavailable');
  });

  it('reads IP addresses as bytes', () => {
    expect(ipAddressBytes('::ffff:10.0.0.1')?.toString('hex')).toBe('00000000000000000000ffff0a000001');
    expect(ipAddressBytes('10.0.0.1')?.toString('hex')).toBe('0a000001');
    expect(ipAddressBytes('::')?.toString('hex')).toBe('0'.repeat(32));
    expect(ipAddressBytes('example.com')).toBeUndefined();
  });
});

describe('DefaultClientAuthenticator with a mutual-TLS client', () => {
  let pki: TestPki;
  beforeAll(() => {
    Logger.overrideLogger(false);
    pki = makeTestPki()!;
  });
  afterAll(() => {
    Logger.overrideLogger(new ConsoleLogger());
    pki.close();
  });

  function setup(metadata: Record<string, unknown>) {
    const options = authOptions(OPTIONS);
    const digester = new SecretDigester(options);
    const clients = new MemoryTechClientStore();
    void clients.insert(storedClient({ tokenEndpointAuthMethod: 'tls_client_auth', metadata: { token_endpoint_auth_method: 'tls_client_auth', ...metadata } }));
    const documents = { resolve: () => Promise.reject(new Error('not used')) } as ClientMetadataDocumentResolver;
    const authenticator = new DefaultClientAuthenticator(options, clients, digester, new AuthenticationThrottle(options, new MemoryAttemptStore(), digester), documents, undefined,
      new MtlsClientVerifier(options, new ClientKeys(options, new DefaultGuardedFetcherFactory())));
    return authenticator;
  }

  it('authenticates a client_id-only request by its certificate, and hands back the thumbprint and the DPoP flag', async () => {
    const cert = pki.client({ subject: '/CN=svc' }).cert;
    const authenticator = setup({ tls_client_auth_subject_dn: 'CN=svc', dpop_bound_access_tokens: true });
    const result = await authenticator.authenticate({ body: { client_id: 'client-1' }, ip: '203.0.113.1', clientCertificate: { certificate: cert, chainVerified: true } });
    expect(result).toMatchObject({ method: 'tls_client_auth', certificateThumbprint: certificateThumbprint(new X509Certificate(cert)), dpopBoundAccessTokens: true });
  });

  it('refuses a wrong certificate, none, or an unreadable one, with invalid_client', async () => {
    const authenticator = setup({ tls_client_auth_subject_dn: 'CN=svc' });
    const attempt = (clientCertificate?: { certificate: string; chainVerified: boolean }) =>
      authenticator.authenticate({ body: { client_id: 'client-1' }, ip: '203.0.113.1', clientCertificate });
    await expect(attempt({ certificate: pki.client({ subject: '/CN=other' }).cert, chainVerified: true })).rejects.toBeInstanceOf(InvalidClientError);
    await expect(attempt()).rejects.toBeInstanceOf(InvalidClientError);
    await expect(attempt({ certificate: 'not a certificate', chainVerified: true })).rejects.toBeInstanceOf(InvalidClientError);
  });
});

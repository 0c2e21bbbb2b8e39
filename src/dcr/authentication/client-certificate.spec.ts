import { X509Certificate } from 'node:crypto';
import type { DcrHttpRequest } from '../http/http-request';
import { makeTestPki, type TestPki } from '../testing/certificates.spec-helper';
import { clientCertificate, UnreadableCertificate } from './client-certificate';

describe('clientCertificate', () => {
  let pki: TestPki;
  let pem: string;
  beforeAll(() => {
    pki = makeTestPki()!;
    pem = pki.client({ subject: '/CN=c' }).cert;
  });
  afterAll(() => pki.close());

  const tlsRequest = (raw: Buffer | undefined, authorized: boolean, headers: Record<string, string | string[]> = {}): DcrHttpRequest =>
    ({ headers, socket: { getPeerCertificate: () => (raw ? { raw } : {}), authorized } }) as unknown as DcrHttpRequest;

  it('takes what the host passes first, with its chainVerified', () => {
    const found = clientCertificate({ certificate: { certificate: pem, chainVerified: false }, request: tlsRequest(new X509Certificate(pem).raw, true) });
    expect(found).toMatchObject({ chainVerified: false, source: 'host' });
  });

  it('reads the TLS socket: verified only when the socket is authorized; none when no certificate was sent', () => {
    const raw = new X509Certificate(pem).raw;
    expect(clientCertificate({ request: tlsRequest(raw, true) })).toMatchObject({ chainVerified: true, source: 'tls' });
    expect(clientCertificate({ request: tlsRequest(raw, false) })).toMatchObject({ chainVerified: false, source: 'tls' });
    expect(clientCertificate({ request: tlsRequest(undefined, false) })).toBeUndefined();
    expect(clientCertificate({ request: { headers: {}, socket: { remoteAddress: '127.0.0.1' } } })).toBeUndefined();
  });

  it('reads the proxy header only when configured, ahead of the socket, with the proxy verdict when one is configured', () => {
    const headers = { 'x-client-cert': encodeURIComponent(pem), 'x-client-verify': 'FAILED:self signed certificate' };
    expect(clientCertificate({ request: tlsRequest(undefined, false, headers) })).toBeUndefined();
    expect(clientCertificate({ request: tlsRequest(undefined, false, headers), header: 'x-client-cert' })).toMatchObject({ chainVerified: true, source: 'header' });
    expect(clientCertificate({ request: tlsRequest(undefined, false, headers), header: 'x-client-cert', verifiedHeader: 'x-client-verify' })).toMatchObject({ chainVerified: false });
    const verified = { ...headers, 'x-client-verify': 'SUCCESS' };
    expect(clientCertificate({ request: tlsRequest(undefined, false, verified), header: 'x-client-cert', verifiedHeader: 'x-client-verify' })).toMatchObject({ chainVerified: true });
  });

  it.each([
    ['repeated', { 'x-client-cert': ['a', 'b'] }],
    ['too long', { 'x-client-cert': 'A'.repeat(20_000) }],
    ['not URL-encoded', { 'x-client-cert': '%E0%A4%A' }],
    ['no certificate', { 'x-client-cert': 'hello' }],
  ])('refuses a header that is %s', (_name, headers) => {
    expect(() => clientCertificate({ request: tlsRequest(undefined, false, headers), header: 'x-client-cert' })).toThrow(UnreadableCertificate);
  });
});

import { InvalidClientMetadataError } from '../errors/dcr.error';
import { makeTestPki, type TestPki, x5cOf } from '../testing/certificates.spec-helper';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { DefaultTlsClientAuthProcessor } from './tls-client-auth.processor';

const processor = new DefaultTlsClientAuthProcessor();
const TLS = { token_endpoint_auth_method: 'tls_client_auth' };
const SELF_SIGNED = { token_endpoint_auth_method: 'self_signed_tls_client_auth' };

const serverFor = (strict = false) =>
  serverWith({ processors: { tokenEndpointAuthMethod: { allowed: ['tls_client_auth', 'self_signed_tls_client_auth', 'none'], strict }, jwks: {} } });

function refusal(body: Record<string, unknown>, metadata: Record<string, unknown>, strict = false): string {
  const error = errorOf(() => processor.process(contextFor(processor, serverFor(strict), body, { ...metadata })));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  return (error as InvalidClientMetadataError).description;
}

describe('DefaultTlsClientAuthProcessor', () => {
  it.each([
    ['tls_client_auth_subject_dn', 'CN=client one,O=Example\\, Inc.,C=DE'],
    ['tls_client_auth_san_dns', 'client.example'],
    ['tls_client_auth_san_uri', 'spiffe://example/client'],
    ['tls_client_auth_san_ip', '2001:db8::1'],
    ['tls_client_auth_san_email', 'ops@client.example'],
  ])('registers tls_client_auth with %s alone', (field, value) => {
    const context = run(processor, serverFor(), { [field]: value }, TLS);
    expect(context.metadata[field]).toBe(value);
    expect(context.decisions).toEqual([{ processor: 'tls_client_auth', field, decision: 'accepted' }]);
  });

  it('refuses tls_client_auth with no certificate name, or two, saying which', () => {
    expect(refusal({}, TLS)).toBe(
      'token_endpoint_auth_method: tls_client_auth needs exactly one of tls_client_auth_subject_dn, tls_client_auth_san_dns, tls_client_auth_san_uri, tls_client_auth_san_ip, tls_client_auth_san_email (RFC 8705 §2.1.2); none was sent',
    );
    expect(refusal({ tls_client_auth_san_dns: 'a.example', tls_client_auth_san_ip: '10.0.0.1' }, TLS)).toBe(
      'tls_client_auth_san_ip: tls_client_auth needs exactly one of tls_client_auth_subject_dn, tls_client_auth_san_dns, tls_client_auth_san_uri, tls_client_auth_san_ip, tls_client_auth_san_email (RFC 8705 §2.1.2); got tls_client_auth_san_dns and tls_client_auth_san_ip',
    );
  });

  it.each([
    ['tls_client_auth_subject_dn', 'CN=a;O=b', 'tls_client_auth_subject_dn: not an RFC 4514 distinguished name: ";" in the value of CN must be escaped (RFC 4514 §3)'],
    ['tls_client_auth_subject_dn', 'XX=a', 'tls_client_auth_subject_dn: not an RFC 4514 distinguished name: unknown attribute type'],
    ['tls_client_auth_san_dns', 'not a host', 'tls_client_auth_san_dns: must be a DNS name'],
    ['tls_client_auth_san_uri', 'relative/path', 'tls_client_auth_san_uri: must be an absolute URI'],
    ['tls_client_auth_san_ip', '10.0.0.256', 'tls_client_auth_san_ip: must be an IPv4 or IPv6 address (without zone)'],
    ['tls_client_auth_san_ip', 'fe80::1%eth0', 'tls_client_auth_san_ip: must be an IPv4 or IPv6 address (without zone)'],
    ['tls_client_auth_san_email', 'nobody', 'tls_client_auth_san_email: must be an e-mail address'],
  ])('refuses a malformed %s (%j)', (field, value, description) => {
    expect(refusal({ [field]: value }, TLS)).toContain(description);
  });

  it('drops the certificate names of another method, or refuses them when strict', () => {
    const context = run(processor, serverFor(), { tls_client_auth_san_dns: 'a.example' }, { token_endpoint_auth_method: 'none' });
    expect(context.metadata.tls_client_auth_san_dns).toBeUndefined();
    expect(context.decisions).toEqual([
      { processor: 'tls_client_auth', field: 'tls_client_auth_san_dns', decision: 'filtered', reason: 'only for token_endpoint_auth_method "tls_client_auth" (this client\'s is "none")' },
    ]);
    expect(refusal({ tls_client_auth_san_dns: 'a.example' }, { token_endpoint_auth_method: 'none' }, true)).toMatch(/^tls_client_auth_san_dns: only for/);
  });

  describe('self_signed_tls_client_auth', () => {
    let pki: TestPki;
    beforeAll(() => {
      pki = makeTestPki()!;
    });
    afterAll(() => pki.close());

    it('needs jwks or jwks_uri, and a jwks needs a key with x5c', () => {
      expect(refusal({}, SELF_SIGNED)).toMatch(/^jwks: self_signed_tls_client_auth needs the client's certificates as x5c of jwks or jwks_uri/);
      expect(refusal({}, { ...SELF_SIGNED, jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] } })).toMatch(/^jwks: self_signed_tls_client_auth needs at least one key with an x5c certificate/);
      expect(refusal({}, { ...SELF_SIGNED, jwks: { keys: [{ kty: 'EC', x5c: ['bm90IGEgY2VydA'] }] } })).toMatch(/needs at least one key with an x5c/);
      const certificate = pki.selfSigned({ subject: '/CN=self' }).cert;
      expect(() => run(processor, serverFor(), {}, { ...SELF_SIGNED, jwks: { keys: [{ kty: 'EC', x5c: [x5cOf(certificate)] }] } })).not.toThrow();
      expect(() => run(processor, serverFor(), {}, { ...SELF_SIGNED, jwks_uri: 'https://client.example/jwks' })).not.toThrow();
    });
  });
});

import { X509Certificate } from 'node:crypto';
import { makeTestPki, type TestPki } from '../testing/certificates.spec-helper';
import { DistinguishedNameSyntaxError, parseDistinguishedName, subjectMatches } from './distinguished-name';
import { certificateNames } from './x509-fields';

describe('RFC 4514 distinguished names', () => {
  describe('parseDistinguishedName', () => {
    it('reads RDNs in string order, types as OIDs, escapes and #hex', () => {
      expect(parseDistinguishedName('CN=Client\\, One,O=Ex\\2Cample,2.5.4.6=DE')).toEqual([
        [{ oid: '2.5.4.3', text: 'Client, One' }],
        [{ oid: '2.5.4.10', text: 'Ex,ample' }],
        [{ oid: '2.5.4.6', text: 'DE' }],
      ]);
      expect(parseDistinguishedName('cn=a+uid=42, dc=example')).toEqual([
        [{ oid: '2.5.4.3', text: 'a' }, { oid: '0.9.2342.19200300.100.1.1', text: '42' }],
        [{ oid: '0.9.2342.19200300.100.1.25', text: 'example' }],
      ]);
      expect(parseDistinguishedName('emailAddress=a@b.example,CN=#0c0378797a')).toEqual([
        [{ oid: '1.2.840.113549.1.9.1', text: 'a@b.example' }],
        [{ oid: '2.5.4.3', der: Buffer.from('0c0378797a', 'hex') }],
      ]);
      // UTF-8 as \XX bytes, and a character beyond U+FFFF as itself.
      expect(parseDistinguishedName('CN=Gr\\C3\\BC\\C3\\9Fe 𝄞')[0][0].text).toBe('Grüße 𝄞');
      // An escaped trailing space is kept, an unescaped one is not.
      expect(parseDistinguishedName('CN=a\\ ,O=b ')).toEqual([[{ oid: '2.5.4.3', text: 'a ' }], [{ oid: '2.5.4.10', text: 'b' }]]);
    });

    it.each([
      ['', 'type=value'],
      ['CN', 'type=value'],
      ['XYZ=a', 'unknown attribute type'],
      ['CN=a;O=b', 'must be escaped'],
      ['CN=a\\', 'escapes nothing'],
      ['CN=#abc', 'hex digits'],
      ['CN=', 'empty'],
      ['CN=\\ff', 'not UTF-8'],
    ])('refuses %j', (text, reason) => {
      expect(() => parseDistinguishedName(text)).toThrow(DistinguishedNameSyntaxError);
      expect(() => parseDistinguishedName(text)).toThrow(reason);
    });
  });

  describe('subjectMatches, against certificates made by openssl', () => {
    let pki: TestPki;
    beforeAll(() => {
      pki = makeTestPki()!;
    });
    afterAll(() => pki.close());

    const subjectOf = (pem: string) => certificateNames(new X509Certificate(pem).raw).subject;

    it('matches the reversed RDN sequence by OID, ignoring case and insignificant spaces', () => {
      const subject = subjectOf(pki.client({ subject: '/C=DE/O=Example, Inc./OU=Payments/CN=client one' }).cert);
      const matches = (dn: string) => subjectMatches(subject, parseDistinguishedName(dn));
      expect(matches('CN=client one,OU=Payments,O=Example\\, Inc.,C=DE')).toBe(true);
      expect(matches('cn=CLIENT  ONE, ou=payments, o=example\\, inc., c=de')).toBe(true);
      expect(matches('2.5.4.3=client one,2.5.4.11=Payments,2.5.4.10=Example\\, Inc.,2.5.4.6=DE')).toBe(true);
      expect(matches('C=DE,O=Example\\, Inc.,OU=Payments,CN=client one')).toBe(false);
      expect(matches('CN=client one,OU=Payments,O=Example\\, Inc.')).toBe(false);
      expect(matches('CN=client two,OU=Payments,O=Example\\, Inc.,C=DE')).toBe(false);
      expect(matches('CN=client one,OU=Payments,O=Example\\, Inc.,C=DE,DC=extra')).toBe(false);
      expect(matches('UID=client one,OU=Payments,O=Example\\, Inc.,C=DE')).toBe(false);
    });

    it('compares a multi-valued RDN as a set, and #hex values with the DER encoding', () => {
      const subject = subjectOf(pki.client({ subject: '/O=Example/CN=svc+UID=42' }).cert);
      expect(subjectMatches(subject, parseDistinguishedName('UID=42+CN=svc,O=Example'))).toBe(true);
      expect(subjectMatches(subject, parseDistinguishedName('CN=svc,UID=42,O=Example'))).toBe(false);
      const cn = subject[1].find((attribute) => attribute.oid === '2.5.4.3')!;
      expect(subjectMatches(subject, parseDistinguishedName(`UID=42+CN=#${cn.der.toString('hex')},O=Example`))).toBe(true);
      expect(subjectMatches(subject, parseDistinguishedName('UID=42+CN=#0c03535643,O=Example'))).toBe(false);
    });

    it('reads the subject alternative names', () => {
      const { altNames } = certificateNames(new X509Certificate(pki.client({
        subject: '/CN=x',
        altNames: ['DNS:Client.Example', 'URI:https://client.example/app?x=1', 'IP:10.1.2.3', 'IP:::1', 'email:ops@client.example'],
      }).cert).raw);
      expect(altNames.dns).toEqual(['Client.Example']);
      expect(altNames.uri).toEqual(['https://client.example/app?x=1']);
      expect(altNames.email).toEqual(['ops@client.example']);
      expect(altNames.ip.map((address) => address.toString('hex'))).toEqual(['0a010203', '00000000000000000000000000000001']);
    });
  });
});

/**
 * The two parts of an X.509 certificate (RFC 5280 §4.1) that `tls_client_auth` compares, read
 * from its DER bytes: the subject as a sequence of RDNs of (OID, value), and the subject
 * alternative names. Node's `X509Certificate.subject` and `.subjectAltName` are text made for
 * people (multi-valued RDNs and escaped values cannot be told apart reliably), so the DER is read
 * here, with a reader that only walks tag-length-value triples and never allocates beyond the
 * input.
 */

/** One attribute of a subject RDN. @internal */
export interface NameAttribute {
  /** Dotted OID, e.g. `2.5.4.3` for CN. */
  oid: string;
  /** The value as text, when its ASN.1 type is a string type; undefined otherwise. */
  text?: string;
  /** The value's whole DER encoding (tag, length, contents), for RFC 4514 `#hex` values. */
  der: Buffer;
}

/** A subject: RDNs in certificate (ASN.1) order, each a set of attributes. @internal */
export type RdnSequence = NameAttribute[][];

/** Subject alternative names (RFC 5280 §4.2.1.6) of the kinds RFC 8705 §2.1.2 names. @internal */
export interface SubjectAltNames {
  dns: string[];
  uri: string[];
  email: string[];
  /** 4 or 16 bytes each. */
  ip: Buffer[];
}

/** Thrown for DER that is not a certificate of the expected shape. @internal */
export class CertificateParseError extends Error {}

interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contents: number;
  /** Offset after the last content byte. */
  end: number;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const OCTET_STRING = 0x04;
const BOOLEAN = 0x01;
const EXTENSIONS = 0xa3;
const SUBJECT_ALT_NAME = '2.5.29.17';

/** X.520 string types → how their contents are decoded. */
const STRING_DECODERS: Record<number, (bytes: Buffer) => string> = {
  0x0c: (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes), // UTF8String
  0x12: (bytes) => bytes.toString('latin1'), // NumericString
  0x13: (bytes) => bytes.toString('latin1'), // PrintableString
  0x14: (bytes) => bytes.toString('latin1'), // TeletexString (T.61, read as Latin-1 as most tools do)
  0x16: (bytes) => bytes.toString('latin1'), // IA5String
  0x1a: (bytes) => bytes.toString('latin1'), // VisibleString
  0x1c: (bytes) => utf32be(bytes), // UniversalString
  0x1e: (bytes) => new TextDecoder('utf-16be', { fatal: true }).decode(bytes), // BMPString
};

/** The subject and SANs of a DER certificate. Throws `CertificateParseError` when the DER is not one. @internal */
export function certificateNames(der: Buffer): { subject: RdnSequence; altNames: SubjectAltNames } {
  const certificate = read(der, 0, der.length, SEQUENCE);
  const tbs = children(der, first(der, certificate, SEQUENCE));
  // version [0] is optional; then serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo.
  const base = tbs[0]?.tag === 0xa0 ? 1 : 0;
  const subject = tbs[base + 4];
  if (!subject || subject.tag !== SEQUENCE) throw new CertificateParseError('no subject');
  const extensions = tbs.slice(base + 6).find((part) => part.tag === EXTENSIONS);
  return { subject: rdnSequence(der, subject), altNames: extensions ? altNames(der, extensions) : { dns: [], uri: [], email: [], ip: [] } };
}

function rdnSequence(der: Buffer, name: Tlv): RdnSequence {
  return children(der, name).map((rdn) => {
    if (rdn.tag !== SET) throw new CertificateParseError('an RDN is not a SET');
    return children(der, rdn).map((pair) => {
      const [type, value] = children(der, expect(pair, SEQUENCE));
      if (!type || type.tag !== OID || !value) throw new CertificateParseError('malformed AttributeTypeAndValue');
      const decode = STRING_DECODERS[value.tag];
      let text: string | undefined;
      try {
        text = decode?.(der.subarray(value.contents, value.end));
      } catch {
        text = undefined;
      }
      return { oid: oidText(der.subarray(type.contents, type.end)), text, der: Buffer.from(der.subarray(value.start, value.end)) };
    });
  });
}

function altNames(der: Buffer, extensions: Tlv): SubjectAltNames {
  const names: SubjectAltNames = { dns: [], uri: [], email: [], ip: [] };
  for (const extension of children(der, first(der, extensions, SEQUENCE))) {
    const parts = children(der, expect(extension, SEQUENCE));
    if (parts[0]?.tag !== OID || oidText(der.subarray(parts[0].contents, parts[0].end)) !== SUBJECT_ALT_NAME) continue;
    const value = parts[1]?.tag === BOOLEAN ? parts[2] : parts[1];
    if (!value || value.tag !== OCTET_STRING) throw new CertificateParseError('malformed subjectAltName');
    const generalNames = read(der, value.contents, value.end, SEQUENCE);
    for (const name of children(der, generalNames)) {
      const bytes = der.subarray(name.contents, name.end);
      // GeneralName, implicit tags: [1] rfc822Name, [2] dNSName, [6] uniformResourceIdentifier (IA5String), [7] iPAddress.
      if (name.tag === 0x81) names.email.push(bytes.toString('latin1'));
      else if (name.tag === 0x82) names.dns.push(bytes.toString('latin1'));
      else if (name.tag === 0x86) names.uri.push(bytes.toString('latin1'));
      else if (name.tag === 0x87 && (bytes.length === 4 || bytes.length === 16)) names.ip.push(Buffer.from(bytes));
    }
  }
  return names;
}

/** The TLV at `offset`, which must end by `limit` (and have tag `tag` when given). */
function read(der: Buffer, offset: number, limit: number, tag?: number): Tlv {
  if (offset + 2 > limit) throw new CertificateParseError('truncated DER');
  const found = der[offset];
  if (tag !== undefined && found !== tag) throw new CertificateParseError(`expected tag 0x${tag.toString(16)}`);
  // Multi-byte tags (low bits 0x1f) do not occur in the parts read here.
  if ((found & 0x1f) === 0x1f) throw new CertificateParseError('unsupported multi-byte tag');
  let length = der[offset + 1];
  let contents = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || contents + count > limit) throw new CertificateParseError('bad DER length');
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 256 + der[contents + index];
    contents += count;
  }
  const end = contents + length;
  if (end > limit) throw new CertificateParseError('DER length beyond its container');
  return { tag: found, start: offset, contents, end };
}

function children(der: Buffer, parent: Tlv): Tlv[] {
  const list: Tlv[] = [];
  for (let offset = parent.contents; offset < parent.end; ) {
    const child = read(der, offset, parent.end);
    list.push(child);
    offset = child.end;
  }
  return list;
}

function first(der: Buffer, parent: Tlv, tag: number): Tlv {
  return read(der, parent.contents, parent.end, tag);
}

function expect(tlv: Tlv, tag: number): Tlv {
  if (tlv.tag !== tag) throw new CertificateParseError(`expected tag 0x${tag.toString(16)}`);
  return tlv;
}

/** X.690 §8.19: the first byte holds two arcs, then base-128 arcs. */
function oidText(bytes: Buffer): string {
  if (bytes.length === 0) throw new CertificateParseError('empty OID');
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  if (bytes[bytes.length - 1] & 0x80) throw new CertificateParseError('truncated OID');
  const head = arcs.shift()!;
  const firstArc = head < 40n ? 0n : head < 80n ? 1n : 2n;
  return [firstArc, head - firstArc * 40n, ...arcs].join('.');
}

function utf32be(bytes: Buffer): string {
  if (bytes.length % 4 !== 0) throw new CertificateParseError('bad UniversalString');
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 4) text += String.fromCodePoint(bytes.readUInt32BE(offset));
  return text;
}

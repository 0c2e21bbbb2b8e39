import type { NameAttribute, RdnSequence } from './x509-fields';

/**
 * RFC 4514 string distinguished names, as a `tls_client_auth` client registers its certificate's
 * subject (`tls_client_auth_subject_dn`, RFC 8705 §2.1.2), and their comparison with the subject
 * read from a certificate.
 *
 * Matching rules (RFC 8705 §2.1.2 leaves them to the server; these are the ones documented in
 * docs/client-authentication.md):
 * - both names are sequences of RDNs; the string lists them last-first (RFC 4514 §2.1), so it is
 *   reversed before the comparison; the counts must be equal and each RDN must hold the same set
 *   of attributes (order inside a multi-valued RDN does not matter);
 * - attribute types compare by OID: a dotted OID, or one of the short names of `SHORT_NAMES`
 *   (case-insensitive);
 * - a `#hex` value (RFC 4514 §2.4) must equal the certificate value's DER encoding, byte for byte;
 * - any other value is unescaped (RFC 4514 §3: `\` before a special character, or `\XX` bytes of
 *   UTF-8) and compares with a certificate value of a string type after: Unicode NFKC, lower case,
 *   leading and trailing spaces removed and inner runs of spaces made one (the insignificant-space
 *   handling of RFC 4518 §2.6.1, simplified); a certificate value of another type never matches.
 */

/** Attribute short names understood in a registered DN, upper-cased, with their OIDs. @internal */
export const SHORT_NAMES: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  SERIALNUMBER: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  STREET: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  TITLE: '2.5.4.12',
  GIVENNAME: '2.5.4.42',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
  EMAILADDRESS: '1.2.840.113549.1.9.1',
};

/** One attribute of a parsed RFC 4514 string. @internal */
export interface ParsedAttribute {
  oid: string;
  /** The unescaped value; absent for a `#hex` value. */
  text?: string;
  /** A `#hex` value's bytes (a DER encoding). */
  der?: Buffer;
}

/** RDNs in string order (last RDN of the certificate first). @internal */
export type ParsedDn = ParsedAttribute[][];

/** Thrown for a string that is not an RFC 4514 DN; the message says where. @internal */
export class DistinguishedNameSyntaxError extends Error {}

const NUMERIC_OID = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+$/;
const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
/** Characters that may follow `\` as themselves (RFC 4514 §3 `special`, plus `\`, `"`, space, `=`). */
const ESCAPABLE = ' "#+,;<=>\\';
/** Characters that must be escaped inside a value (RFC 4514 §3). */
const MUST_ESCAPE = '"+,;<>\\';

/**
 * Parses an RFC 4514 DN. Spaces around `,`, `+` and `=` are tolerated (RFC 2253 practice);
 * anything else outside the grammar, an unknown short name, or an empty DN throws
 * `DistinguishedNameSyntaxError`.
 * @internal
 */
export function parseDistinguishedName(text: string): ParsedDn {
  const rdns: ParsedDn = [];
  let rdn: ParsedAttribute[] = [];
  let index = 0;
  const skipSpaces = () => {
    while (text[index] === ' ') index += 1;
  };
  for (;;) {
    skipSpaces();
    const equals = text.indexOf('=', index);
    if (equals < 0) throw new DistinguishedNameSyntaxError(`expected "type=value" at character ${index + 1}`);
    const type = text.slice(index, equals).trim();
    const oid = attributeOid(type);
    index = equals + 1;
    skipSpaces();
    if (text[index] === '#') {
      const match = /^#((?:[0-9A-Fa-f]{2})+)(?= *(?:[,+]|$))/.exec(text.slice(index));
      if (!match) throw new DistinguishedNameSyntaxError(`the #hex value of ${type} is not an even number of hex digits`);
      rdn.push({ oid, der: Buffer.from(match[1], 'hex') });
      index += match[0].length;
      skipSpaces();
    } else {
      const { value, next } = stringValue(text, index, type);
      rdn.push({ oid, text: value });
      index = next;
    }
    const separator = text[index];
    if (separator === undefined) break;
    index += 1;
    if (separator === ',') {
      rdns.push(rdn);
      rdn = [];
    } else if (separator !== '+') {
      throw new DistinguishedNameSyntaxError(`unexpected ${JSON.stringify(separator)} at character ${index}`);
    }
  }
  rdns.push(rdn);
  return rdns;
}

/**
 * True when the certificate subject (ASN.1 order) is the registered DN (string order), under the
 * rules above.
 * @internal
 */
export function subjectMatches(subject: RdnSequence, registered: ParsedDn): boolean {
  const expected = [...registered].reverse();
  if (subject.length !== expected.length) return false;
  return subject.every((rdn, position) => sameSet(rdn, expected[position]));
}

function sameSet(actual: NameAttribute[], expected: ParsedAttribute[]): boolean {
  if (actual.length !== expected.length) return false;
  const used = new Set<number>();
  return expected.every((attribute) => {
    const found = actual.findIndex((candidate, index) => !used.has(index) && attributeMatches(candidate, attribute));
    if (found < 0) return false;
    used.add(found);
    return true;
  });
}

function attributeMatches(actual: NameAttribute, expected: ParsedAttribute): boolean {
  if (actual.oid !== expected.oid) return false;
  if (expected.der) return actual.der.equals(expected.der);
  return actual.text !== undefined && normalized(actual.text) === normalized(expected.text!);
}

/** The comparison form of a string value (see the rules above). @internal */
export function normalized(value: string): string {
  return value.normalize('NFKC').toLowerCase().trim().replace(/ {2,}/g, ' ');
}

function attributeOid(type: string): string {
  if (NUMERIC_OID.test(type)) return type;
  const oid = DESCR.test(type) ? SHORT_NAMES[type.toUpperCase()] : undefined;
  if (oid === undefined) {
    throw new DistinguishedNameSyntaxError(`unknown attribute type ${JSON.stringify(type.slice(0, 40))} (use a dotted OID or one of ${Object.keys(SHORT_NAMES).join(', ')})`);
  }
  return oid;
}

/** An RFC 4514 `string` value from `start`, to the next unescaped `,` or `+` (trailing spaces dropped). */
function stringValue(text: string, start: number, type: string): { value: string; next: number } {
  const bytes: number[] = [];
  let index = start;
  // Unescaped trailing spaces are not part of the value (RFC 4514 §2.4 escapes a value's own).
  let keptLength = 0;
  while (index < text.length && text[index] !== ',' && text[index] !== '+') {
    const char = text[index];
    if (char === '\\') {
      const next = text[index + 1];
      if (next !== undefined && ESCAPABLE.includes(next)) {
        bytes.push(next.charCodeAt(0));
        index += 2;
      } else if (/^[0-9A-Fa-f]{2}$/.test(text.slice(index + 1, index + 3))) {
        bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
        index += 3;
      } else {
        throw new DistinguishedNameSyntaxError(`a "\\" in the value of ${type} escapes nothing (RFC 4514 §3)`);
      }
      keptLength = bytes.length;
      continue;
    }
    if (MUST_ESCAPE.includes(char)) throw new DistinguishedNameSyntaxError(`${JSON.stringify(char)} in the value of ${type} must be escaped (RFC 4514 §3)`);
    // Whole code points: a character beyond U+FFFF is two UTF-16 units.
    const codePoint = String.fromCodePoint(text.codePointAt(index)!);
    bytes.push(...Buffer.from(codePoint, 'utf8'));
    if (codePoint !== ' ') keptLength = bytes.length;
    index += codePoint.length;
  }
  let value: string;
  try {
    value = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes.slice(0, keptLength)));
  } catch {
    throw new DistinguishedNameSyntaxError(`the escaped bytes in the value of ${type} are not UTF-8`);
  }
  if (value === '') throw new DistinguishedNameSyntaxError(`the value of ${type} is empty`);
  return { value, next: index };
}

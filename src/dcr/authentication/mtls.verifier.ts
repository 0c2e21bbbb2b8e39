import { createHash, X509Certificate } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { ClientKeys, ClientKeysUnavailable, type KeyedClient } from './client-keys';
import type { ClientCertificate } from './client-certificate';
import { DistinguishedNameSyntaxError, parseDistinguishedName, subjectMatches } from './distinguished-name';
import { CertificateParseError, certificateNames } from './x509-fields';

/** Why a client certificate was refused; logged, never answered (every one is the same 401). @internal */
export type CertificateFailure =
  | 'certificate_missing'
  | 'certificate_unreadable'
  | 'certificate_chain_not_verified'
  | 'certificate_not_current'
  | 'certificate_no_registered_name'
  | 'certificate_subject_mismatch'
  | 'certificate_san_mismatch'
  | 'certificate_keys_unavailable'
  | 'certificate_not_registered';

/**
 * RFC 8705 §2 mutual-TLS client authentication, once the TLS layer has the certificate.
 *
 * `tls_client_auth` (§2.1): the chain must have been verified by the TLS listener or the proxy
 * (`chainVerified`); then the one name the client registered must be the certificate's:
 * `tls_client_auth_subject_dn` per RFC 4514 (see `distinguished-name.ts`), a `dNSName` SAN equal
 * ignoring case, a `uniformResourceIdentifier` or `rfc822Name` SAN equal exactly, an `iPAddress`
 * SAN equal as an address (`::1` = `0:0:0:0:0:0:0:1`).
 *
 * `self_signed_tls_client_auth` (§2.2): the certificate's SHA-256 thumbprint must be that of an
 * `x5c[0]` of the client's `jwks` or `jwks_uri` set (fetched and kept by `ClientKeys`; a miss
 * fetches the set once more, at its bounded rate, as a client that added a certificate would
 * need).
 *
 * For both, the certificate must be within its validity period (with `clockSkewSeconds`): the TLS
 * listener checks it only for chains it verifies.
 * @internal
 */
@Injectable()
export class MtlsClientVerifier {
  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly keys: ClientKeys,
  ) {}

  /** Undefined when the certificate authenticates the client, else why not. */
  async verify(client: KeyedClient & { tokenEndpointAuthMethod: string | null }, presented: ClientCertificate | undefined, now: number): Promise<CertificateFailure | undefined> {
    if (!presented) return 'certificate_missing';
    const { certificate } = presented;
    const skewMs = this.options.clientAuthentication.clockSkewSeconds * 1000;
    if (Date.parse(certificate.validFrom) > now + skewMs || Date.parse(certificate.validTo) < now - skewMs) return 'certificate_not_current';
    if (client.tokenEndpointAuthMethod === 'tls_client_auth') {
      if (!presented.chainVerified) return 'certificate_chain_not_verified';
      return nameFailure(certificate, client.metadata ?? {});
    }
    return this.thumbprintFailure(client, certificate, now);
  }

  private async thumbprintFailure(client: KeyedClient, certificate: X509Certificate, now: number): Promise<CertificateFailure | undefined> {
    const thumbprint = certificateThumbprint(certificate);
    try {
      if (registeredThumbprints(await this.keys.keySet(client, now)).includes(thumbprint)) return undefined;
      if (!this.keys.fromUri(client)) return 'certificate_not_registered';
      const refreshed = await this.keys.refresh(client, now);
      return refreshed && registeredThumbprints(refreshed).includes(thumbprint) ? undefined : 'certificate_not_registered';
    } catch (error) {
      if (error instanceof ClientKeysUnavailable) return 'certificate_keys_unavailable';
      throw error;
    }
  }
}

/**
 * RFC 8705 §3.1 `x5t#S256`: the base64url SHA-256 of the certificate's DER, what a host binds an
 * access token to (`cnf`).
 * @publicApi
 */
export function certificateThumbprint(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.raw).digest('base64url');
}

/** Thumbprints of the first certificate of each key's `x5c` (RFC 7517 §4.7: standard base64 DER). */
function registeredThumbprints(jwks: JSONWebKeySet): string[] {
  const thumbprints: string[] = [];
  for (const key of jwks.keys ?? []) {
    const first = Array.isArray(key.x5c) ? key.x5c[0] : undefined;
    if (typeof first === 'string' && first !== '') thumbprints.push(createHash('sha256').update(Buffer.from(first, 'base64')).digest('base64url'));
  }
  return thumbprints;
}

function nameFailure(certificate: X509Certificate, metadata: Record<string, unknown>): CertificateFailure | undefined {
  let names: ReturnType<typeof certificateNames>;
  try {
    names = certificateNames(certificate.raw);
  } catch (error) {
    if (error instanceof CertificateParseError) return 'certificate_unreadable';
    throw error;
  }
  const text = (field: string) => (typeof metadata[field] === 'string' ? (metadata[field] as string) : undefined);
  const dn = text('tls_client_auth_subject_dn');
  if (dn !== undefined) {
    try {
      return subjectMatches(names.subject, parseDistinguishedName(dn)) ? undefined : 'certificate_subject_mismatch';
    } catch (error) {
      if (error instanceof DistinguishedNameSyntaxError) return 'certificate_no_registered_name';
      throw error;
    }
  }
  const dns = text('tls_client_auth_san_dns');
  if (dns !== undefined) return names.altNames.dns.some((name) => name.toLowerCase() === dns.toLowerCase()) ? undefined : 'certificate_san_mismatch';
  const uri = text('tls_client_auth_san_uri');
  if (uri !== undefined) return names.altNames.uri.includes(uri) ? undefined : 'certificate_san_mismatch';
  const email = text('tls_client_auth_san_email');
  if (email !== undefined) return names.altNames.email.includes(email) ? undefined : 'certificate_san_mismatch';
  const ip = text('tls_client_auth_san_ip');
  if (ip !== undefined) {
    const registered = ipAddressBytes(ip);
    return registered && names.altNames.ip.some((address) => address.equals(registered)) ? undefined : 'certificate_san_mismatch';
  }
  return 'certificate_no_registered_name';
}

/** The 4 or 16 bytes of an IPv4 or IPv6 address in text (no zone); undefined when it is neither. @internal */
export function ipAddressBytes(text: string): Buffer | undefined {
  if (isIPv4(text)) return Buffer.from(text.split('.').map(Number));
  if (!isIPv6(text) || text.includes('%')) return undefined;
  let address = text;
  let tail: number[] = [];
  const embedded = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (embedded) {
    tail = embedded.slice(1).map(Number);
    address = `${address.slice(0, embedded.index)}0:0`;
  }
  const [head, rest] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const all = rest === undefined ? groups(head) : [...groups(head), ...Array<string>(8 - groups(head).length - groups(rest).length).fill('0'), ...groups(rest)];
  if (all.length !== 8) return undefined;
  const bytes = Buffer.alloc(16);
  all.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  if (embedded) Buffer.from(tail).copy(bytes, 12);
  return bytes;
}

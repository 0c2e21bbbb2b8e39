import { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DistinguishedNameSyntaxError, parseDistinguishedName } from '../authentication/distinguished-name';
import { ipAddressBytes } from '../authentication/mtls.verifier';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { TLS_CLIENT_AUTH_FIELDS, type TlsClientAuthField } from '../vocabulary/client-vocabulary';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

/** RFC 1123 host name labels, optionally a leading `*.` (a certificate SAN may be a wildcard; it is compared as text). */
const DNS_NAME = /^(?=.{1,253}$)(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Why a value of each field is not one; undefined when it is. */
const FIELD_CHECKS: Record<TlsClientAuthField, (value: string) => string | undefined> = {
  tls_client_auth_subject_dn: (value) => {
    try {
      parseDistinguishedName(value);
      return undefined;
    } catch (error) {
      if (error instanceof DistinguishedNameSyntaxError) return `not an RFC 4514 distinguished name: ${error.message}`;
      throw error;
    }
  },
  tls_client_auth_san_dns: (value) => (DNS_NAME.test(value) ? undefined : 'must be a DNS name'),
  tls_client_auth_san_uri: (value) => (URL.canParse(value) ? undefined : 'must be an absolute URI'),
  tls_client_auth_san_ip: (value) => (ipAddressBytes(value) ? undefined : 'must be an IPv4 or IPv6 address (without zone)'),
  tls_client_auth_san_email: (value) => (EMAIL.test(value) ? undefined : 'must be an e-mail address'),
};

/**
 * RFC 8705 §2.1.2 and §2.2 metadata. A `tls_client_auth` client registers exactly one of
 * `tls_client_auth_subject_dn`, `tls_client_auth_san_dns`, `tls_client_auth_san_uri`,
 * `tls_client_auth_san_ip`, `tls_client_auth_san_email` (none, two or a malformed value is
 * `invalid_client_metadata`); a client of any other method that sends one has it dropped, or
 * refused when `processors.tokenEndpointAuthMethod.strict`. A `self_signed_tls_client_auth`
 * client registers its certificates as `x5c` of `jwks` (at least one key must carry one) or at
 * its `jwks_uri` (read when it authenticates). Runs after the auth-method and keys processors,
 * and with the first.
 * @publicApi
 */
export abstract class TlsClientAuthProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class DefaultTlsClientAuthProcessor extends TlsClientAuthProcessor {
  readonly name = 'tls_client_auth';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.tokenEndpointAuthMethod !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const method = ctx.metadata.token_endpoint_auth_method;
    const present = TLS_CLIENT_AUTH_FIELDS.filter((field) => ctx.has(field));

    if (method === 'tls_client_auth') {
      const all = TLS_CLIENT_AUTH_FIELDS.join(', ');
      if (present.length === 0) ctx.reject('token_endpoint_auth_method', `tls_client_auth needs exactly one of ${all} (RFC 8705 §2.1.2); none was sent`);
      if (present.length > 1) ctx.reject(present[1], `tls_client_auth needs exactly one of ${all} (RFC 8705 §2.1.2); got ${present.join(' and ')}`);
      const field = present[0];
      const value = ctx.get<string>(field)!;
      const problem = FIELD_CHECKS[field](value);
      if (problem !== undefined) ctx.reject(field, problem);
      ctx.accept(field, value);
      return;
    }

    const strict = ctx.server.processors.tokenEndpointAuthMethod!.strict;
    for (const field of present) ctx.dropOrReject(field, `only for token_endpoint_auth_method "tls_client_auth" (this client's is "${String(method)}")`, strict);

    if (method === 'self_signed_tls_client_auth') {
      const jwks = ctx.metadata.jwks as { keys?: Array<Record<string, unknown>> } | undefined;
      if (jwks === undefined && ctx.metadata.jwks_uri === undefined) {
        ctx.reject('jwks', 'self_signed_tls_client_auth needs the client\'s certificates as x5c of jwks or jwks_uri (RFC 8705 §2.2)');
      }
      if (jwks !== undefined && !(jwks.keys ?? []).some(hasCertificate)) {
        ctx.reject('jwks', 'self_signed_tls_client_auth needs at least one key with an x5c certificate (RFC 8705 §2.2)');
      }
    }
  }
}

/** A key whose `x5c[0]` is a readable DER certificate (RFC 7517 §4.7: standard base64). */
function hasCertificate(key: Record<string, unknown>): boolean {
  const first = Array.isArray(key.x5c) ? key.x5c[0] : undefined;
  if (typeof first !== 'string' || first === '') return false;
  try {
    new X509Certificate(Buffer.from(first, 'base64'));
    return true;
  } catch {
    return false;
  }
}

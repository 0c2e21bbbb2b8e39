import { Injectable } from '@nestjs/common';
import type { TokenEndpointAuthMethod } from '../options/dcr-module-options.interface';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { TLS_CLIENT_AUTH_FIELDS } from '../vocabulary/client-vocabulary';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

/** RFC 7591 §2 default first, then the others; the key and certificate methods last (the client must send its keys or names). */
const DEFAULT_ORDER: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];

/**
 * Strongest first, for choosing from a client's `token_endpoint_auth_methods_supported`:
 * private_key_jwt > tls_client_auth > self_signed_tls_client_auth > client_secret_basic >
 * client_secret_post > none (a CA-issued certificate ahead of a self-signed one). A secret in the Authorization header ahead of one in
 * the body (RFC 6749 §2.3.1 prefers it: bodies end up in logs), and any secret ahead of none.
 * @internal
 */
export const AUTH_METHOD_STRENGTH: readonly TokenEndpointAuthMethod[] = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth', 'client_secret_basic', 'client_secret_post', 'none'];
/** Methods named in the order only where they are allowed. */
const OPT_IN_METHODS: readonly TokenEndpointAuthMethod[] = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];

/** OpenID Connect RP Metadata Choices 1.0 §2: the client's list of the methods it can use. */
const CHOICES = 'token_endpoint_auth_methods_supported';

/**
 * `token_endpoint_auth_method` against the configured allow-list. Its result decides whether a
 * secret is issued: without this processor no client ever gets a secret (reference rule).
 *
 * OpenID Connect RP Metadata Choices 1.0: a request may list the methods it supports in
 * `token_endpoint_auth_methods_supported` (input only: never registered nor echoed). A
 * `token_endpoint_auth_method` sent beside it must be in the list and, when allowed here, is the
 * client's choice; otherwise the strongest listed method this server allows is registered
 * (`AUTH_METHOD_STRENGTH`), and none allowed is `invalid_client_metadata`.
 * @publicApi
 */
export abstract class TokenEndpointAuthMethodProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class ConfiguredTokenEndpointAuthMethodProcessor extends TokenEndpointAuthMethodProcessor {
  readonly name = 'token_endpoint_auth_method';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.tokenEndpointAuthMethod !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const options = ctx.server.processors.tokenEndpointAuthMethod!;
    const field = 'token_endpoint_auth_method';
    const requested = ctx.get<string>(field);
    const choices = ctx.has(CHOICES) ? [...new Set(ctx.get<string[]>(CHOICES)!)] : undefined;
    const grants = (ctx.metadata.grant_types as string[] | undefined) ?? [];
    let method: TokenEndpointAuthMethod | undefined;

    if (choices !== undefined) {
      if (choices.length === 0) ctx.reject(CHOICES, 'must list at least one method');
      // RP Metadata Choices §2: "If a token_endpoint_auth_method ... is also present, its value MUST be in the list."
      if (requested !== undefined && !choices.includes(requested)) ctx.reject(field, `"${requested}" is not in ${CHOICES}`);
      ctx.filter(CHOICES, `input only (RP Metadata Choices); offered: ${choices.join(', ')}`);
    }

    if (requested === undefined) {
      if (options.mandatory && choices === undefined) ctx.reject(field, 'required');
    } else if (options.allowed.includes(requested as TokenEndpointAuthMethod)) {
      method = requested as TokenEndpointAuthMethod;
      ctx.accept(field, method);
    } else if (choices === undefined) {
      ctx.dropOrReject(field, `"${requested}" is not allowed (allowed: ${options.allowed.join(', ')})`, options.mandatory || options.strict);
    }

    if (method === undefined && choices !== undefined) {
      // RP Metadata Choices §4: an unsupported preferred value is no error when another choice is supported.
      // private_key_jwt and self_signed_tls_client_auth only for a request that brings its keys
      // (the jwks processor requires them), tls_client_auth only with one certificate name.
      const hasKeys = ctx.has('jwks') || ctx.has('jwks_uri');
      const certificateNames = TLS_CLIENT_AUTH_FIELDS.filter((name) => ctx.has(name)).length;
      const usable = (candidate: TokenEndpointAuthMethod) =>
        !(candidate === 'none' && grants.includes('client_credentials')) &&
        (!['private_key_jwt', 'self_signed_tls_client_auth'].includes(candidate) || hasKeys) &&
        (candidate !== 'tls_client_auth' || certificateNames === 1);
      method = AUTH_METHOD_STRENGTH.find((candidate) => choices.includes(candidate) && options.allowed.includes(candidate) && usable(candidate));
      if (method === undefined) {
        ctx.reject(CHOICES, `none of ${choices.join(', ')} is allowed here${grants.includes('client_credentials') ? ' for a client_credentials client' : ''} (allowed: ${options.allowed.join(', ')})`);
      }
      const instead = requested === undefined ? '' : `; "${requested}" is not allowed here`;
      // The order as it applies here: the opt-in methods are named only where they are allowed.
      const order = AUTH_METHOD_STRENGTH.filter((candidate) => !OPT_IN_METHODS.includes(candidate) || options.allowed.includes(candidate));
      ctx.useDefault(field, method, `strongest method of ${CHOICES} allowed here (order: ${order.join(' > ')})${instead}`);
    }
    if (method === undefined) {
      method = DEFAULT_ORDER.find((candidate) => options.allowed.includes(candidate))!;
      ctx.useDefault(field, method, requested === undefined ? 'RFC 7591 §2 default' : 'replaces the dropped value');
    }

    if (method === 'none' && grants.includes('client_credentials')) {
      ctx.reject(field, 'the client_credentials grant needs a confidential client; "none" cannot authenticate');
    }
  }
}

import type { ResolvedDcrOptions, ResolvedServerOptions } from '../options/resolved-options';

/** An RFC 8414 authorization server metadata document. @publicApi */
export type AuthorizationServerMetadata = Record<string, unknown>;

const GRANT_OPTIONS = [
  ['authorization_code', 'authorizationCode'],
  ['implicit', 'implicit'],
  ['client_credentials', 'clientCredentials'],
  ['refresh_token', 'refreshToken'],
] as const;
/** Methods `ClientAuthenticator` can check, in RFC 7591 §2 default-first order. */
const AUTHENTICATOR_METHODS = ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];
/** Lists where the module's value and the host's are intersected: what a client can both register and use. */
const LISTS = ['grant_types_supported', 'response_types_supported', 'token_endpoint_auth_methods_supported', 'scopes_supported'];

/**
 * Adds what the module knows to a host's RFC 8414 metadata document for `serverId`:
 * `registration_endpoint` (RFC 8414 §2), and `grant_types_supported`,
 * `response_types_supported`, `token_endpoint_auth_methods_supported` (with
 * `token_endpoint_auth_signing_alg_values_supported` when `private_key_jwt` is offered) and, when every configured
 * scope pattern is a plain word, `scopes_supported`, from what may be registered. Where the host
 * already lists what its own endpoints support, the result is the intersection, so a client is
 * never told it can use what it cannot register, nor register what the host does not serve.
 * Where client ID metadata documents are on, `client_id_metadata_document_supported: true` and
 * `code_challenge_methods_supported: ["S256"]` (such clients are public and use PKCE). Where the
 * server's `profile` is `fapi2`, `require_pushed_authorization_requests: true` and
 * `code_challenge_methods_supported: ["S256"]`. `tls_client_certificate_bound_access_tokens` is
 * never added here: only the host knows whether its tokens carry `cnf` (see
 * `AuthenticatedClient.certificateThumbprint`).
 * Every other field of `host` is kept as it is.
 * @publicApi
 */
export function dcrAuthorizationServerMetadata(
  options: ResolvedDcrOptions,
  serverId: string,
  issuer: string,
  host: AuthorizationServerMetadata = {},
): AuthorizationServerMetadata {
  const server = options.servers.get(serverId);
  if (!server) throw new Error(`dcrAuthorizationServerMetadata: unknown authorization server "${serverId}"`);
  const grants = GRANT_OPTIONS.filter(([, option]) => server.grants[option]).map(([grant]) => grant);
  const module: AuthorizationServerMetadata = {
    registration_endpoint: `${issuer.replace(/\/+$/, '')}/${server.registrationPath}`,
    grant_types_supported: grants,
    response_types_supported: [...(grants.includes('authorization_code') ? ['code'] : []), ...(grants.includes('implicit') ? ['token'] : [])],
    token_endpoint_auth_methods_supported: authMethods(server),
  };
  if ((module.token_endpoint_auth_methods_supported as string[]).includes('private_key_jwt')) {
    module.token_endpoint_auth_signing_alg_values_supported = [...server.processors.jwks!.algorithms];
  }
  const scopes = literalScopes(server);
  if (scopes) module.scopes_supported = scopes;
  if (server.clientIdMetadataDocument) {
    module.client_id_metadata_document_supported = true;
    module.code_challenge_methods_supported = ['S256'];
  }
  if (server.profile === 'fapi2') {
    // FAPI 2.0 Security Profile §5.3.2.2: PAR is required and PKCE uses S256 only. The host's
    // authorization endpoint must enforce both; the document says what the profile promises.
    module.require_pushed_authorization_requests = true;
    module.code_challenge_methods_supported = ['S256'];
  }

  const merged: AuthorizationServerMetadata = { ...host, ...module };
  for (const list of LISTS) {
    const hostList = host[list];
    if (Array.isArray(hostList) && Array.isArray(module[list])) {
      merged[list] = (module[list] as unknown[]).filter((value) => hostList.includes(value));
    } else if (hostList !== undefined && module[list] === undefined) {
      merged[list] = hostList;
    }
  }
  return merged;
}

/** Methods a client of this server can register and then authenticate with. */
function authMethods(server: ResolvedServerOptions): string[] {
  // Without the auth-method processor no secret is ever issued (reference rule).
  const registrable: readonly string[] = server.processors.tokenEndpointAuthMethod?.allowed ?? ['none'];
  return AUTHENTICATOR_METHODS.filter((method) => {
    if (!registrable.includes(method)) return false;
    if (method === 'private_key_jwt' || method === 'self_signed_tls_client_auth') return server.processors.jwks !== undefined;
    if (method === 'tls_client_auth') return true;
    return method === 'none' || server.clientSecret !== undefined;
  });
}

/**
 * Scope values when each configured pattern is a plain word or an alternation of plain words
 * (`api:read`, `(api:read|api:write)`); undefined when any pattern matches open-ended values.
 */
function literalScopes(server: ResolvedServerOptions): string[] | undefined {
  const patterns = server.processors.scope?.allowed;
  if (!patterns) return undefined;
  const scopes: string[] = [];
  for (const { source } of patterns) {
    const body = /^\((?:\?:)?([^()]*)\)$/.exec(source)?.[1] ?? source;
    for (const word of body.split('|')) {
      // Letters, digits, `_`, `:`, `/`, `-`, and `.` only when escaped: nothing that matches more than itself.
      if (!/^(?:[A-Za-z0-9_:\/-]|\\[.:\/-])+$/.test(word)) return undefined;
      scopes.push(word.replace(/\\(.)/g, '$1'));
    }
  }
  return [...new Set(scopes)];
}

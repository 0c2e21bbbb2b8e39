import { InvalidScopeError, UnauthorizedClientError } from '../errors/token-endpoint.error';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { isScopeSyntax, registeredAuthMethod, scopeTokens } from '../vocabulary/client-vocabulary';

/** The parts of a stored client the policy helpers read. @publicApi */
export type PolicyClient = Pick<TechClientEntity, 'metadata' | 'tokenEndpointAuthMethod'>;

const MAX_SCOPE_LENGTH = 4096;

/** The client's registered `grant_types`; RFC 7591 §2: omitted means `["authorization_code"]`. @publicApi */
export function registeredGrantTypes(client: PolicyClient): string[] {
  const grants = client.metadata?.grant_types;
  return Array.isArray(grants) ? grants.filter((grant): grant is string => typeof grant === 'string') : ['authorization_code'];
}

/** The client's registered `scope` values (none when it registered no scope). @publicApi */
export function registeredScopes(client: PolicyClient): string[] {
  const scope = client.metadata?.scope;
  return typeof scope === 'string' ? scopeTokens(scope) : [];
}

/**
 * Throws `unauthorized_client` (RFC 6749 §5.2) unless the client registered `grantType`. The
 * reference product's authorization server ignores registered grant types; a host calls this
 * after authenticating the client. `client_credentials` also needs a confidential client
 * (RFC 6749 §4.4).
 * @publicApi
 */
export function assertGrantAllowed(client: PolicyClient, grantType: string): void {
  if (!registeredGrantTypes(client).includes(grantType)) {
    throw new UnauthorizedClientError(`the client is not registered for the ${JSON.stringify(grantType.slice(0, 64))} grant type`);
  }
  if (grantType === 'client_credentials' && registeredAuthMethod(client) === 'none') {
    throw new UnauthorizedClientError('the client_credentials grant type needs a confidential client (RFC 6749 §4.4)');
  }
}

/**
 * The scopes a token may carry: the requested ones the client registered, in request order.
 * Omitted `requested` means every registered scope (RFC 6749 §3.3 lets the server apply a
 * default). Unregistered values are left out (RFC 6749 §3.3: the server may partly ignore the
 * request; the token response then names the granted scope), or with `strict` refused with
 * `invalid_scope`. A malformed scope string is always `invalid_scope`.
 * @publicApi
 */
export function allowedScopes(client: PolicyClient, requested: string | readonly string[] | undefined, options: { strict?: boolean } = {}): string[] {
  const registered = registeredScopes(client);
  if (requested === undefined) return registered;
  const text = typeof requested === 'string' ? requested : requested.join(' ');
  if (text.length > MAX_SCOPE_LENGTH || !isScopeSyntax(text)) {
    throw new InvalidScopeError('scope must be space-separated scope tokens (RFC 6749 §3.3)');
  }
  const wanted = scopeTokens(text);
  const granted = wanted.filter((scope) => registered.includes(scope));
  if (options.strict && granted.length < wanted.length) {
    const refused = wanted.find((scope) => !registered.includes(scope))!;
    throw new InvalidScopeError(`scope ${JSON.stringify(refused.slice(0, 64))} is not registered for this client`);
  }
  return granted;
}

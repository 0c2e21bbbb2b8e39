import type { InitialAccessProfile, TokenEndpointAuthMethod } from '../options/dcr-module-options.interface';
import type { ResolvedServerOptions } from '../options/resolved-options';
import type { InitialAccessTokenEntity } from '../persistence/initial-access-token.entity';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import type { ProcessingContext } from '../processors/processing-context';
import { scopeTokens } from '../vocabulary/client-vocabulary';

/** Whose profile narrows a registration: its section in the decision report and its name in messages. @internal */
export interface ProfileSource {
  section: string;
  name: string;
}

const TOKEN: ProfileSource = { section: 'initial_access_token', name: 'the initial access token' };

/**
 * Narrows a processed registration to what its initial access token allows: grant types and
 * auth methods outside the profile fail the registration, scope values outside it are filtered.
 * Runs after every processor, so it sees the resolved values (defaults included).
 * @internal
 */
export function applyInitialAccessProfile(context: ProcessingContext, profile: InitialAccessProfile, by: ProfileSource = TOKEN): void {
  context.enter(by.section);
  const { metadata } = context;
  if (profile.grantTypes) {
    const refused = ((metadata.grant_types as string[] | undefined) ?? []).filter((grant) => !profile.grantTypes!.includes(grant));
    if (refused.length) context.reject('grant_types', `not allowed by ${by.name}: ${refused.join(', ')}`);
  }
  const method = metadata.token_endpoint_auth_method as string | undefined;
  if (profile.tokenEndpointAuthMethods && method !== undefined && !profile.tokenEndpointAuthMethods.includes(method as never)) {
    context.reject('token_endpoint_auth_method', `"${method}" is not allowed by ${by.name}`);
  }
  const scope = metadata.scope as string | undefined;
  if (profile.scopes && scope !== undefined) {
    const tokens = scopeTokens(scope);
    const kept = tokens.filter((value) => profile.scopes!.includes(value));
    if (kept.length < tokens.length) context.filter('scope', `scope values not allowed by ${by.name} were dropped`);
    if (kept.length) context.accept('scope', kept.join(' '));
  }
}

/**
 * The ceiling of an RFC 7592 update of a client registered with an initial access token: that
 * token's profile while the token is configured, or, for a token issued through the admin API
 * (`issued`), while it is not revoked. Once it is gone (removed from the configuration, revoked,
 * or issued by a host's own verifier, which cannot be asked again), the client's current grant
 * types, scope and auth method are the ceiling: an update may narrow them, never widen them.
 * Undefined for a client registered without a token.
 * @internal
 */
export function updateProfile(server: ResolvedServerOptions, client: TechClientEntity, issued?: InitialAccessTokenEntity | null): InitialAccessProfile | undefined {
  if (!client.initialAccessTokenId) return undefined;
  const configured = server.initialAccessToken.tokens.find((token) => token.id === client.initialAccessTokenId);
  if (configured) return configured.profile;
  if (issued && issued.id === client.initialAccessTokenId && issued.revokedAt === null) return issued.profile ?? undefined;
  const grants = client.metadata.grant_types;
  const scope = client.metadata.scope;
  return {
    grantTypes: Array.isArray(grants) ? (grants as string[]) : [],
    scopes: typeof scope === 'string' ? scopeTokens(scope) : [],
    tokenEndpointAuthMethods: client.tokenEndpointAuthMethod ? [client.tokenEndpointAuthMethod as TokenEndpointAuthMethod] : [],
  };
}

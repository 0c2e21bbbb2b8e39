import type { InitialAccessProfile } from '../options/dcr-module-options.interface';
import type { ProcessingContext } from '../processors/processing-context';

/**
 * Narrows a processed registration to what its initial access token allows: grant types and
 * auth methods outside the profile fail the registration, scope values outside it are filtered.
 * Runs after every processor, so it sees the resolved values (defaults included).
 * @internal
 */
export function applyInitialAccessProfile(context: ProcessingContext, profile: InitialAccessProfile): void {
  context.enter('initial_access_token');
  const { metadata } = context;
  if (profile.grantTypes) {
    const refused = ((metadata.grant_types as string[] | undefined) ?? []).filter((grant) => !profile.grantTypes!.includes(grant));
    if (refused.length) context.reject('grant_types', `not allowed by the initial access token: ${refused.join(', ')}`);
  }
  const method = metadata.token_endpoint_auth_method as string | undefined;
  if (profile.tokenEndpointAuthMethods && method !== undefined && !profile.tokenEndpointAuthMethods.includes(method as never)) {
    context.reject('token_endpoint_auth_method', `"${method}" is not allowed by the initial access token`);
  }
  const scope = metadata.scope as string | undefined;
  if (profile.scopes && scope !== undefined) {
    const kept = scope.split(' ').filter((value) => profile.scopes!.includes(value));
    if (kept.length < scope.split(' ').length) context.filter('scope', 'scope values not allowed by the initial access token were dropped');
    if (kept.length) context.accept('scope', kept.join(' '));
  }
}

import { GRANT_OPTION } from '../vocabulary/client-vocabulary';
import { decodeJwt } from 'jose';
import type { InitialAccessProfile } from '../options/dcr-module-options.interface';
import type { RegistrationTier, ResolvedServerOptions } from '../options/resolved-options';
import type { ClientArrival } from '../persistence/tech-client.entity';
import type { ProcessingContext } from '../processors/processing-context';

const TIER_WHY: Record<RegistrationTier, string> = {
  anonymous: 'nothing vouched for the registration',
  initialAccessToken: 'an initial access token vouched for the registration',
  attested: 'a trusted software statement vouched for the registration',
};

/**
 * How a registration arrives: with a valid initial access token, else with a verified software
 * statement, else anonymously; and who vouched (the token's id, the statement's issuer).
 * @internal
 */
export function arrivalOf(grantId: string | undefined, statement: string | undefined): { arrival: ClientArrival; vouchedBy: string | null } {
  if (grantId !== undefined) return { arrival: 'initial_access_token', vouchedBy: grantId };
  if (statement !== undefined) return { arrival: 'software_statement', vouchedBy: issuerOf(statement) };
  return { arrival: 'anonymous', vouchedBy: null };
}

/**
 * The server's options as a tier's profile narrows them for the processors: its grant types and
 * auth methods are what the processors allow, so they negotiate, default and substitute within
 * the tier (a public client asking for `client_secret_post` on the anonymous tier gets `none`,
 * echoed), instead of failing afterwards.
 * @internal
 */
export function narrowForTier(server: ResolvedServerOptions, profile: InitialAccessProfile | undefined): ResolvedServerOptions {
  if (!profile) return server;
  const grants = { ...server.grants };
  if (profile.grantTypes) {
    for (const [grant, option] of Object.entries(GRANT_OPTION)) grants[option] &&= profile.grantTypes.includes(grant);
  }
  const methods = server.processors.tokenEndpointAuthMethod;
  const tokenEndpointAuthMethod = methods && profile.tokenEndpointAuthMethods
    ? { ...methods, allowed: methods.allowed.filter((method) => profile.tokenEndpointAuthMethods!.includes(method)) }
    : methods;
  return { ...server, grants, processors: { ...server.processors, tokenEndpointAuthMethod } };
}

/** The decision report's first line names the tier and what its profile allowed. @internal */
export function recordTier(context: ProcessingContext, tier: RegistrationTier, profile: InitialAccessProfile | undefined): void {
  const limits = [
    profile?.grantTypes && `grant types ${profile.grantTypes.join(', ')}`,
    profile?.tokenEndpointAuthMethods && `auth methods ${profile.tokenEndpointAuthMethods.join(', ')}`,
    profile?.scopes && `scopes ${profile.scopes.join(', ')}`,
  ].filter(Boolean);
  const reason = `${TIER_WHY[tier]}${limits.length ? `; its profile allows ${limits.join('; ')}` : ''}`;
  context.decisions.unshift({ processor: 'tier', field: tier, decision: 'accepted', reason });
}

function issuerOf(statement: string): string | null {
  try {
    const issuer = decodeJwt(statement).iss;
    return typeof issuer === 'string' ? issuer.slice(0, 255) : null;
  } catch {
    return null;
  }
}

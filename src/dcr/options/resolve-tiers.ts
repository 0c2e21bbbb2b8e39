import { GRANT_OPTION } from '../vocabulary/client-vocabulary';
import { confusableSkeleton } from '../trust/confusable-skeleton';
import type { InitialAccessProfile } from './dcr-module-options.interface';
import { OptionReader } from './option-reader';
import { member, readOptionClass, readOptionClasses } from './read-option-class';
import {
  AnonymousTierOptionsClass, ReservedNameEntryClass, ReservedNamesOptionsClass, reservedNameOf, TierOptionsClass, TierRateLimitOptionsClass, TiersOptionsClass,
} from './tier-options';
import { resolveProfile } from './resolve-registration-access';
import type { ResolvedReservedNames, ResolvedServerOptions, ResolvedTier, ResolvedTiers } from './resolved-options';

/** Nothing vouched for an anonymous registration: a public client that signs users in, nothing more. */
const ANONYMOUS_PROFILE: InitialAccessProfile = { grantTypes: ['authorization_code', 'refresh_token'], tokenEndpointAuthMethods: ['none'] };

/**
 * `tiers`: defaults in one place (the anonymous tier is public clients with PKCE, no
 * `client_credentials`, no secret, reaped after 24 hours unused), and a tier whose profile leaves
 * nothing the server allows is a start-up error, not a tier that refuses everyone.
 * @internal
 */
export function resolveTiers(read: OptionReader, value: unknown, path: string, server: ResolvedServerOptions): ResolvedTiers | undefined {
  const anonymousPath = `${path}.anonymous`;
  const [options, anonymousOptions = new AnonymousTierOptionsClass(), tokenOptions, attestedOptions] = readOptionClasses(read, [
    [TiersOptionsClass, value, path],
    [AnonymousTierOptionsClass, member(value, 'anonymous'), anonymousPath],
    [TierOptionsClass, member(value, 'initialAccessToken'), `${path}.initialAccessToken`],
    [TierOptionsClass, member(value, 'attested'), `${path}.attested`],
  ] as const);
  if (!options) return undefined;
  const enabled = anonymousOptions.enabled ?? !server.initialAccessToken.required;
  if (enabled && server.initialAccessToken.required) {
    read.problems.push(`${anonymousPath}.enabled: contradicts initialAccessToken.required (which refuses every registration without a token)`);
  }
  const tiers: ResolvedTiers = {
    anonymous: { ...resolveTier(read, anonymousOptions, anonymousPath, ANONYMOUS_PROFILE), enabled, unusedLifetimeHours: anonymousOptions.unusedLifetimeHours },
    initialAccessToken: resolveTier(read, tokenOptions ?? new TierOptionsClass(), `${path}.initialAccessToken`),
    attested: resolveTier(read, attestedOptions ?? new TierOptionsClass(), `${path}.attested`),
  };
  for (const tier of ['anonymous', 'initialAccessToken', 'attested'] as const) {
    if (tier !== 'anonymous' || enabled) checkProfileLeavesSomething(read, server, tiers[tier], `${path}.${tier}`);
  }
  return tiers;
}

/** `reservedNames`: each name's skeleton computed once. @internal */
export function resolveReservedNames(read: OptionReader, value: unknown, path: string): ResolvedReservedNames | undefined {
  const options = readOptionClass(read, ReservedNamesOptionsClass, value, path);
  if (!options) return undefined;
  // The list's rule checks each name; an object entry is read for its keys, even in a refused list.
  const given = member(value, 'names');
  if (Array.isArray(given)) given.forEach((entry, index) => typeof entry !== 'string' && readOptionClass(read, ReservedNameEntryClass, entry, `${path}.names[${index}]`));
  const names = options.names.map((entry) => {
    const name = reservedNameOf(entry) ?? '';
    return { name, skeleton: confusableSkeleton(name), documentHosts: (typeof entry === 'object' && entry.documentHosts) || [] };
  });
  return { names, action: options.action };
}

function resolveTier(read: OptionReader, options: TierOptionsClass, path: string, defaultProfile?: InitialAccessProfile): ResolvedTier {
  const { windowSeconds, perAddress, perRedirectHost, perSoftwareId, overall } = readOptionClass(read, TierRateLimitOptionsClass, options.rateLimit, `${path}.rateLimit`) ?? new TierRateLimitOptionsClass();
  const profile = options.profile !== undefined ? resolveProfile(read, options.profile, `${path}.profile`) : defaultProfile;
  return {
    ...(profile && { profile }),
    rateLimit: { windowSeconds, perAddress, perRedirectHost, perSoftwareId, overall },
    maxClients: options.maxClients,
  };
}

function checkProfileLeavesSomething(read: OptionReader, server: ResolvedServerOptions, tier: ResolvedTier, path: string): void {
  const { grantTypes, tokenEndpointAuthMethods } = tier.profile ?? {};
  if (grantTypes && !grantTypes.some((grant) => server.grants[GRANT_OPTION[grant as keyof typeof GRANT_OPTION]])) {
    read.problems.push(`${path}.profile.grantTypes: none of ${grantTypes.join(', ')} is enabled in grants; widen the profile or turn the tier off`);
  }
  const allowed = server.processors.tokenEndpointAuthMethod?.allowed;
  if (tokenEndpointAuthMethods && allowed && !tokenEndpointAuthMethods.some((method) => allowed.includes(method))) {
    read.problems.push(`${path}.profile.tokenEndpointAuthMethods: none of ${tokenEndpointAuthMethods.join(', ')} is in processors.tokenEndpointAuthMethod.allowed; widen the profile or turn the tier off`);
  }
}

import { GRANT_OPTION } from '../vocabulary/client-vocabulary';
import { confusableSkeleton } from '../trust/confusable-skeleton';
import type { InitialAccessProfile } from './dcr-module-options.interface';
import { OptionReader } from './option-reader';
import { resolveProfile } from './resolve-registration-access';
import type { ResolvedReservedNames, ResolvedServerOptions, ResolvedTier, ResolvedTiers } from './resolved-options';

const MAX_COUNT = 1_000_000_000;
const TIER_KEYS = ['profile', 'rateLimit', 'maxClients'];
const RATE_KEYS = ['windowSeconds', 'perAddress', 'perRedirectHost', 'perSoftwareId', 'overall'];
/** Nothing vouched for an anonymous registration: a public client that signs users in, nothing more. */
const ANONYMOUS_PROFILE: InitialAccessProfile = { grantTypes: ['authorization_code', 'refresh_token'], tokenEndpointAuthMethods: ['none'] };

/**
 * `tiers`: defaults in one place (the anonymous tier is public clients with PKCE, no
 * `client_credentials`, no secret, reaped after 24 hours unused), and a tier whose profile leaves
 * nothing the server allows is a start-up error, not a tier that refuses everyone.
 * @internal
 */
export function resolveTiers(read: OptionReader, value: unknown, path: string, server: ResolvedServerOptions): ResolvedTiers | undefined {
  const options = read.object(value, path, ['anonymous', 'initialAccessToken', 'attested']);
  if (!options) return undefined;
  const anonymousPath = `${path}.anonymous`;
  const anonymousOptions = read.object(options.anonymous, anonymousPath, [...TIER_KEYS, 'enabled', 'unusedLifetimeHours']);
  const enabled = read.boolean(anonymousOptions, 'enabled', anonymousPath, !server.initialAccessToken.required);
  if (enabled && server.initialAccessToken.required) {
    read.problems.push(`${anonymousPath}.enabled: contradicts initialAccessToken.required (which refuses every registration without a token)`);
  }
  const tiers: ResolvedTiers = {
    anonymous: {
      ...resolveTier(read, anonymousOptions, anonymousPath, ANONYMOUS_PROFILE),
      enabled,
      unusedLifetimeHours: read.integer(anonymousOptions, 'unusedLifetimeHours', anonymousPath, 24, 0, 10 * 365 * 24),
    },
    initialAccessToken: resolveTier(read, read.object(options.initialAccessToken, `${path}.initialAccessToken`, TIER_KEYS), `${path}.initialAccessToken`),
    attested: resolveTier(read, read.object(options.attested, `${path}.attested`, TIER_KEYS), `${path}.attested`),
  };
  for (const tier of ['anonymous', 'initialAccessToken', 'attested'] as const) {
    if (tier !== 'anonymous' || enabled) checkProfileLeavesSomething(read, server, tiers[tier], `${path}.${tier}`);
  }
  return tiers;
}

/** `reservedNames`: each name's skeleton computed once. @internal */
export function resolveReservedNames(read: OptionReader, value: unknown, path: string): ResolvedReservedNames | undefined {
  const options = read.object(value, path, ['names', 'action']);
  if (!options) return undefined;
  const entries = options.names;
  if (!Array.isArray(entries) || entries.length === 0) {
    read.problems.push(`${path}.names: must be a non-empty array of names or { name, documentHosts } objects`);
    return undefined;
  }
  const names = entries.flatMap((entry, index) => {
    const at = `${path}.names[${index}]`;
    const object = typeof entry === 'string' ? { name: entry } : read.object(entry, at, ['name', 'documentHosts']);
    const name = typeof object?.name === 'string' ? object.name : undefined;
    const skeleton = name === undefined ? '' : confusableSkeleton(name);
    if (skeleton === '') {
      read.problems.push(`${at}: must be a name with at least one letter or digit`);
      return [];
    }
    const hosts = object?.documentHosts ?? [];
    if (!Array.isArray(hosts) || !hosts.every((host) => typeof host === 'string' && host !== '' && host === host.toLowerCase())) {
      read.problems.push(`${at}.documentHosts: must be an array of lower-case host names`);
      return [];
    }
    return [{ name: name!, skeleton, documentHosts: hosts as string[] }];
  });
  return { names, action: read.oneOf(options, 'action', path, ['refuse', 'flag'] as const, 'refuse') };
}

function resolveTier(read: OptionReader, options: Record<string, unknown> | undefined, path: string, defaultProfile?: InitialAccessProfile): ResolvedTier {
  const ratePath = `${path}.rateLimit`;
  const rate = read.object(options?.rateLimit, ratePath, RATE_KEYS);
  const count = (key: string) => read.integer(rate, key, ratePath, 0, 0, MAX_COUNT);
  const profile = options?.profile !== undefined ? resolveProfile(read, options.profile, `${path}.profile`) : defaultProfile;
  return {
    ...(profile && { profile }),
    rateLimit: {
      windowSeconds: read.integer(rate, 'windowSeconds', ratePath, 3600, 1, 86_400),
      perAddress: count('perAddress'),
      perRedirectHost: count('perRedirectHost'),
      perSoftwareId: count('perSoftwareId'),
      overall: count('overall'),
    },
    maxClients: read.integer(options, 'maxClients', path, 0, 0, MAX_COUNT),
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

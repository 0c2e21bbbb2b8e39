import { Allow } from '../validation/class-validator';
import { confusableSkeleton } from '../trust/confusable-skeleton';
import type {
  AnonymousTierOptions, InitialAccessProfile, RegistrationTierOptions, RegistrationTiersOptions, ReservedNameEntry, ReservedNamesOptions, TierRateLimitOptions,
} from './dcr-module-options.interface';
import { IsOptionBoolean, IsOptionInteger, IsOptionList, IsOptionOneOf } from './option-rules';

/*
 * Registration tiers and reserved names as option classes (see server-leaf-options.ts). Each
 * tier, its `profile` and its `rateLimit` are read as their own classes, with their own paths.
 */

const MAX_COUNT = 1_000_000_000;

/** `tiers`. @internal */
export class TiersOptionsClass implements RegistrationTiersOptions {
  @Allow() anonymous?: AnonymousTierOptions;
  @Allow() initialAccessToken?: RegistrationTierOptions;
  @Allow() attested?: RegistrationTierOptions;
}

/** `tiers.initialAccessToken`, `tiers.attested`. @internal */
export class TierOptionsClass implements RegistrationTierOptions {
  @Allow() profile?: InitialAccessProfile;
  @Allow() rateLimit?: TierRateLimitOptions;

  @IsOptionInteger(0, MAX_COUNT)
  maxClients: number = 0;
}

/**
 * `tiers.anonymous`: public clients with PKCE by default, reaped after 24 hours unused. Absent,
 * `enabled` is the opposite of `initialAccessToken.required`.
 * @internal
 */
export class AnonymousTierOptionsClass extends TierOptionsClass implements AnonymousTierOptions {
  @IsOptionBoolean()
  enabled?: boolean;

  @IsOptionInteger(0, 10 * 365 * 24)
  unusedLifetimeHours: number = 24;
}

/** A tier's `rateLimit`; 0 = off. @internal */
export class TierRateLimitOptionsClass implements Required<TierRateLimitOptions> {
  @IsOptionInteger(1, 86_400)
  windowSeconds: number = 3600;

  @IsOptionInteger(0, MAX_COUNT)
  perAddress: number = 0;

  @IsOptionInteger(0, MAX_COUNT)
  perRedirectHost: number = 0;

  @IsOptionInteger(0, MAX_COUNT)
  perSoftwareId: number = 0;

  @IsOptionInteger(0, MAX_COUNT)
  overall: number = 0;
}

/** The name of a `reservedNames.names` entry (a string, or `{ name }`). @internal */
export function reservedNameOf(entry: unknown): string | undefined {
  const name = typeof entry === 'string' ? entry : (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * `reservedNames`. Each entry of `names` must hold a letter or digit (else nothing could be
 * matched with it); object entries are read as `ReservedNameEntryClass` for their keys.
 * @internal
 */
export class ReservedNamesOptionsClass implements Required<ReservedNamesOptions> {
  @IsOptionList({
    name: 'isReservedNameList',
    notList: 'must be a non-empty array of names or { name, documentHosts } objects',
    entry: (entry, index) => {
      const name = reservedNameOf(entry);
      if (name === undefined || confusableSkeleton(name) === '') return `[${index}]: must be a name with at least one letter or digit`;
      const hosts = typeof entry === 'object' ? (entry as ReservedNameEntry).documentHosts ?? [] : [];
      const lowerCaseHosts = Array.isArray(hosts) && hosts.every((host) => typeof host === 'string' && host !== '' && host === host.toLowerCase());
      return lowerCaseHosts ? undefined : `[${index}].documentHosts: must be an array of lower-case host names`;
    },
  })
  names: (string | ReservedNameEntry)[] = [];

  @IsOptionOneOf(['refuse', 'flag'])
  action: 'refuse' | 'flag' = 'refuse';
}

/** An object entry of `reservedNames.names` (its members are checked with the list). @internal */
export class ReservedNameEntryClass implements ReservedNameEntry {
  @Allow() name!: string;
  @Allow() documentHosts?: string[];
}

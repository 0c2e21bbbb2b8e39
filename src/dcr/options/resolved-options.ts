import type { ResolvedEventsOptions } from './resolve-events';
import type { GuardedFetcherDevelopmentOptions } from '../fetch/fetch-options';
import { LinearRegex } from '../regex/linear-regex';
import { DcrServerProfile, InitialAccessProfile, TokenEndpointAuthMethod } from './dcr-module-options.interface';

/** A pattern rule after validation: compiled, with flags resolved. @internal */
export interface ResolvedPatternRule {
  allowed: LinearRegex;
  mandatory: boolean;
  strict: boolean;
}

/** The URI attributes the URI filter handles, by option key. @internal */
export const URI_FIELDS = {
  clientUri: 'client_uri',
  logoUri: 'logo_uri',
  policyUri: 'policy_uri',
  tosUri: 'tos_uri',
} as const;

export type UriOptionKey = keyof typeof URI_FIELDS;

/** One authorization server's options, validated and with every default applied. @publicApi */
export interface ResolvedServerOptions {
  id: string;
  /** Without leading or trailing slash. */
  registrationPath: string;
  issuer?: string;
  clientId: { generator: 'uuid' | 'random'; length: number };
  /** Absent: no secrets are issued. */
  clientSecret?: { length: number; lifetimeSeconds: number };
  grants: { authorizationCode: boolean; implicit: boolean; clientCredentials: boolean; refreshToken: boolean };
  strict: boolean;
  management: { enabled: boolean; rotateRegistrationAccessToken: boolean };
  initialAccessToken: { required: boolean; tokens: ResolvedInitialAccessToken[] };
  softwareStatement?: ResolvedSoftwareStatementOptions;
  rateLimit: { registration: ResolvedRateLimit; management: ResolvedRateLimit };
  quotas: { maxClients: number; maxClientsPerSoftwareId: number; maxClientsPerInitialAccessToken: number };
  reaping: { unusedDays: number; expiredSecretDays: number; intervalSeconds: number };
  cors?: { allowedOrigins: string[]; maxAgeSeconds: number };
  /** Absent: off. */
  clientIdMetadataDocument?: ResolvedClientIdMetadataDocumentOptions;
  /** Absent: one set of rules for every registration. */
  tiers?: ResolvedTiers;
  /** Absent: no reserved names. */
  reservedNames?: ResolvedReservedNames;
  /** Absent: no preset. */
  profile?: DcrServerProfile;
  processors: {
    clientName?: ResolvedPatternRule;
    contacts?: ResolvedPatternRule;
    scope?: { allowed: LinearRegex[]; strict: boolean; defaultScope?: string };
    software?: { allowedIds: LinearRegex; allowedVersions: LinearRegex; mandatory: boolean; strict: boolean };
    tokenEndpointAuthMethod?: { allowed: TokenEndpointAuthMethod[]; mandatory: boolean; strict: boolean };
    jwks?: ResolvedJwksOptions;
    uris?: Record<UriOptionKey, ResolvedPatternRule>;
    redirectUris: { allowHttpLoopback: boolean; allowPrivateUseSchemes: boolean; allowedSchemes: string[]; maxUris: number };
  };
}

/** `processors.jwks` with defaults applied. @publicApi */
export interface ResolvedJwksOptions {
  maxKeys: number;
  maxBytes: number;
  algorithms: string[];
  /** Absent: `jwks_uri` is refused. */
  jwksUri?: {
    timeoutMs: number;
    cacheMinSeconds: number;
    cacheMaxSeconds: number;
    refreshMinSeconds: number;
    development: GuardedFetcherDevelopmentOptions;
  };
}

/** What vouched for a registration: nothing, an initial access token, or a trusted software statement. @publicApi */
export type RegistrationTier = 'anonymous' | 'initialAccessToken' | 'attested';

/** `tiers` with defaults applied. @publicApi */
export interface ResolvedTiers {
  anonymous: ResolvedAnonymousTier;
  initialAccessToken: ResolvedTier;
  attested: ResolvedTier;
}

/** One tier with defaults applied; limits of 0 are off. @publicApi */
export interface ResolvedTier {
  profile?: InitialAccessProfile;
  rateLimit: { windowSeconds: number; perAddress: number; perRedirectHost: number; perSoftwareId: number; overall: number };
  maxClients: number;
}

/** @publicApi */
export interface ResolvedAnonymousTier extends ResolvedTier {
  enabled: boolean;
  unusedLifetimeHours: number;
}

/** `reservedNames` with each name's confusable skeleton computed once. @publicApi */
export interface ResolvedReservedNames {
  names: { name: string; skeleton: string; documentHosts: string[] }[];
  action: 'refuse' | 'flag';
}

/** `clientIdMetadataDocument` with defaults applied. @publicApi */
export interface ResolvedClientIdMetadataDocumentOptions {
  /** Empty: every public host. */
  allowedHosts: LinearRegex[];
  redirectUrisOnDocumentHost: boolean;
  requiredProperties: string[];
  maxClients: number;
  maxBytes: number;
  timeoutMs: number;
  cache: { minSeconds: number; maxSeconds: number; maxEntries: number };
  development: GuardedFetcherDevelopmentOptions;
}

/** @publicApi */
export interface ResolvedDcrOptions {
  servers: ReadonlyMap<string, ResolvedServerOptions>;
  secretKey: string;
  admin: { enabled: boolean; path: string; token?: string };
  trustedProxyHops: number;
  clientAuthentication: ResolvedClientAuthenticationOptions;
  /** Absent in options built by hand: metrics on, no prefix. */
  metrics?: ResolvedMetricsOptions;
  /** Absent in options built by hand: the outbox defaults, no webhooks. */
  events?: ResolvedEventsOptions;
}

/** `metrics` with defaults applied. @publicApi */
export interface ResolvedMetricsOptions {
  enabled: boolean;
  prefix: string;
}

/** `clientAuthentication` with defaults applied; a limit of 0 is off. @publicApi */
export interface ResolvedClientAuthenticationOptions {
  maxFailures: number;
  maxFailuresPerClient: number;
  windowSeconds: number;
  enforceRegisteredMethod: boolean;
  realm: string;
  assertionAudiences: string[];
  assertionMaxLifetimeSeconds: number;
  clockSkewSeconds: number;
  /** `certificateHeader` lowercased (as Node names headers); absent: never read. */
  mtls: { certificateHeader?: string; verifiedHeader?: string };
}

/** @publicApi */
export interface ResolvedRateLimit {
  limit: number;
  overallLimit: number;
  windowSeconds: number;
}

/** A configured initial access token: digest only, never the token. @publicApi */
export interface ResolvedInitialAccessToken {
  id: string;
  digest: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  maxUses?: number;
  profile?: InitialAccessProfile;
}

/** @publicApi */
export interface ResolvedTrustedIssuer {
  issuer: string;
  jwks?: { keys: object[] };
  jwksUri?: string;
  algorithms: string[];
}

/** @publicApi */
export interface ResolvedSoftwareStatementOptions {
  required: boolean;
  trustedIssuers: ResolvedTrustedIssuer[];
  clockSkewSeconds: number;
  jwksTimeoutMs: number;
  jwksCacheSeconds: number;
}

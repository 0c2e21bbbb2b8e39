import { Allow } from '../validation/class-validator';
import { ASYMMETRIC_JWS_ALGORITHMS } from '../vocabulary/public-jwks';
import type {
  InitialAccessProfile, InitialAccessTokenEntry, InitialAccessTokenOptions, SoftwareStatementOptions, TokenEndpointAuthMethod, TrustedIssuerOptions,
} from './dcr-module-options.interface';
import {
  IsOptionBoolean, IsOptionDateTime, IsOptionInteger, IsOptionList, IsOptionLongEnough, IsOptionString, IsOptionUrl, IsPublicJwkSet, IsRequiredOption,
  NeedsEntriesWhen, OptionListRule,
} from './option-rules';
import { TOKEN_ENDPOINT_AUTH_METHODS } from './processor-options';

/*
 * What vouches for a registration, as option classes (see server-leaf-options.ts): initial
 * access tokens, their profiles, software statements. List entries are read one by one, each
 * with its own path (`tokens[0]`).
 */

const GRANT_TYPES = ['authorization_code', 'implicit', 'client_credentials', 'refresh_token'];
const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A list of non-empty strings, each one of `known` when given. */
const strings = (name: string, known?: readonly string[]): OptionListRule => ({
  name,
  notList: 'must be an array of strings',
  allowEmpty: true,
  items: (item) => typeof item === 'string' && item.length > 0,
  entry: (item) => (known && !known.includes(item as string) ? `unknown value "${item as string}"` : undefined),
});

/** What a registration with an initial access token (or of a tier) may get. @internal */
export class InitialAccessProfileClass implements InitialAccessProfile {
  @IsOptionList(strings('isGrantTypeList', GRANT_TYPES))
  grantTypes?: string[];

  @IsOptionList(strings('isScopeList'))
  scopes?: string[];

  @IsOptionList(strings('isAuthMethodList', TOKEN_ENDPOINT_AUTH_METHODS))
  tokenEndpointAuthMethods?: TokenEndpointAuthMethod[];
}

/** `initialAccessToken`: its `tokens` are read one by one as `InitialAccessTokenEntryClass`. @internal */
export class InitialAccessTokenOptionsClass implements Required<InitialAccessTokenOptions> {
  @IsOptionBoolean()
  required: boolean = false;

  @IsOptionList({ name: 'isTokenList', notList: 'must be an array', allowEmpty: true })
  tokens: InitialAccessTokenEntry[] = [];
}

/** One configured initial access token; `profile` is read as `InitialAccessProfileClass`. @internal */
export class InitialAccessTokenEntryClass implements InitialAccessTokenEntry {
  @IsOptionLongEnough(32, 'required, at least 32 characters')
  @IsOptionString()
  @IsRequiredOption('required, at least 32 characters')
  token!: string;

  @IsOptionDateTime()
  @IsOptionString()
  expiresAt?: string;

  @IsOptionInteger(1, 1_000_000_000)
  maxUses?: number;

  /** Absent: a prefix of the token's digest. */
  @IsOptionString()
  id?: string;

  @Allow()
  profile?: InitialAccessProfile;
}

/** `softwareStatement`: its `trustedIssuers` are read one by one as `TrustedIssuerClass`. @internal */
export class SoftwareStatementOptionsClass implements Required<SoftwareStatementOptions> {
  @IsOptionBoolean()
  required: boolean = false;

  @NeedsEntriesWhen('required', 'required is true but no issuer is trusted')
  @IsOptionList({ name: 'isIssuerList', notList: 'must be an array', allowEmpty: true })
  trustedIssuers: TrustedIssuerOptions[] = [];

  @IsOptionInteger(0, 600)
  clockSkewSeconds: number = 60;

  @IsOptionInteger(100, 30_000)
  jwksTimeoutMs: number = 3000;

  @IsOptionInteger(0, 86_400)
  jwksCacheSeconds: number = 600;
}

/** One trusted issuer of software statements: asymmetric algorithms, public keys, safe key URLs. @internal */
export class TrustedIssuerClass implements TrustedIssuerOptions {
  @IsOptionString()
  @IsRequiredOption('required')
  issuer!: string;

  @IsPublicJwkSet()
  jwks?: { keys: object[] };

  @IsOptionUrl('must be an https URL (http only on loopback hosts)', (url) => url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
  @IsOptionString()
  jwksUri?: string;

  @IsOptionList({
    name: 'isStatementAlgorithmList',
    notList: 'must be a non-empty array',
    entry: (alg) => (ASYMMETRIC_JWS_ALGORITHMS.includes(alg as string) ? undefined : `"${alg as string}" is not allowed (asymmetric only: ${ASYMMETRIC_JWS_ALGORITHMS.join(', ')})`),
  })
  algorithms: string[] = [...DEFAULT_ALGORITHMS];
}

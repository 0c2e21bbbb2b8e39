import type {
  ClientIdMetadataDocumentDevelopmentOptions, ClientNameOptions, ContactsOptions, JwksOptions, ProcessorsOptions, UriRule, UrisOptions, JwksUriOptions, PatternRule, RedirectUrisOptions, ScopeOptions, SoftwareOptions,
  TokenEndpointAuthMethod, TokenEndpointAuthMethodOptions,
} from './dcr-module-options.interface';
import { DCR_DEFAULTS } from './option-defaults';
import {
  IsDefaultScopeWithin, IsLinearRegex, IsLinearRegexList, IsOptionBoolean, IsOptionInteger, IsOptionList, IsOptionListOf, IsOptionString, NotBelowOption,
} from './option-rules';
import { Allow } from '../validation/class-validator';
import { ASYMMETRIC_JWS_ALGORITHMS } from '../vocabulary/public-jwks';
import { forbiddenSchemeReason, SCHEME_NAME } from '../vocabulary/redirect-schemes';

/*
 * The metadata processors' option objects as classes. A pattern rule's defaults depend on where
 * it sits (`mandatory` differs between clientName and contacts, `strict` follows the server's),
 * so these classes leave absent members undefined and `resolveProcessors` fills them in, next
 * to the rule it builds.
 */

/** `processors`: each processor is read as its own class, with its own path. @internal */
export class ProcessorsOptionsClass implements ProcessorsOptions {
  @Allow() clientName?: ClientNameOptions;
  @Allow() contacts?: ContactsOptions;
  @Allow() scope?: ScopeOptions;
  @Allow() software?: SoftwareOptions;
  @Allow() tokenEndpointAuthMethod?: TokenEndpointAuthMethodOptions;
  @Allow() jwks?: JwksOptions;
  @Allow() uris?: UrisOptions;
  @Allow() redirectUris?: RedirectUrisOptions;
}

/** `processors.uris`: each is a `PatternRuleClass`. @internal */
export class UrisOptionsClass implements UrisOptions {
  @Allow() clientUri?: UriRule;
  @Allow() logoUri?: UriRule;
  @Allow() policyUri?: UriRule;
  @Allow() tosUri?: UriRule;
}

/** `clientName`, `contacts`, each of `uris`: a pattern on the linear-time engine. @internal */
export class PatternRuleClass implements PatternRule {
  @IsLinearRegex()
  allowed?: string;

  @IsOptionBoolean()
  mandatory?: boolean;

  @IsOptionBoolean()
  strict?: boolean;
}

/** `scope`. `strict` follows the server's when absent. @internal */
export class ScopeOptionsClass implements ScopeOptions {
  @IsLinearRegexList()
  allowed: string[] = [...DCR_DEFAULTS.scopePatterns];

  @IsOptionBoolean()
  strict?: boolean;

  @IsDefaultScopeWithin('allowed', DCR_DEFAULTS.scopePatterns)
  @IsOptionString()
  defaultScope?: string;
}

/** `software`: software_id and software_version. @internal */
export class SoftwareOptionsClass implements SoftwareOptions {
  @IsLinearRegex()
  allowedIds?: string;

  @IsLinearRegex()
  allowedVersions?: string;

  @IsOptionBoolean()
  mandatory?: boolean;

  @IsOptionBoolean()
  strict?: boolean;
}

/** `redirectUris`. @internal */
export class RedirectUrisOptionsClass implements Required<RedirectUrisOptions> {
  @IsOptionBoolean()
  allowHttpLoopback: boolean = true;

  @IsOptionBoolean()
  allowPrivateUseSchemes: boolean = true;

  /** Exact lowercase scheme names; the forbidden ones and `http` look-alikes are refused. */
  @IsOptionList({
    name: 'isSchemeList',
    notList: 'must be an array of scheme names',
    allowEmpty: true,
    entry: (scheme, index) => {
      if (typeof scheme !== 'string' || !SCHEME_NAME.test(scheme)) return `[${index}]: must be a lowercase URI scheme name (RFC 3986 §3.1), without ":"`;
      const forbidden = forbiddenSchemeReason(scheme);
      return forbidden && `[${index}]: ${forbidden}`;
    },
  })
  allowedSchemes: string[] = [...DCR_DEFAULTS.privateUseSchemes];

  @IsOptionInteger(1, 100)
  maxUris: number = DCR_DEFAULTS.maxRedirectUris;
}

/** Every method a client can register. @internal */
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];

/**
 * `tokenEndpointAuthMethod`. The default of `allowed` depends on the server's profile and
 * `strict` follows the server's: `resolveProcessors` fills them in, with the rules that look at
 * other options (secrets, keys).
 * @internal
 */
export class TokenEndpointAuthMethodOptionsClass implements TokenEndpointAuthMethodOptions {
  @IsOptionListOf(TOKEN_ENDPOINT_AUTH_METHODS, (method) => `unknown auth method ${JSON.stringify(method)} (supported: ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')})`)
  allowed?: TokenEndpointAuthMethod[];

  @IsOptionBoolean()
  mandatory: boolean = false;

  @IsOptionBoolean()
  strict?: boolean;
}

/**
 * `development` of the fetches (`jwks.jwksUri`, `clientIdMetadataDocument`): UNSAFE loopback
 * access. `loopbackCaPem` is checked by the fetcher's own `guardedFetcherOptionProblems`.
 * @internal
 */
export class FetchDevelopmentOptionsClass implements ClientIdMetadataDocumentDevelopmentOptions {
  @IsOptionBoolean()
  allowHttpLoopback: boolean = false;

  @IsOptionBoolean()
  allowHttpsLoopback: boolean = false;

  @Allow()
  loopbackCaPem?: string | string[];
}

/** `jwks`: the keys of `private_key_jwt` clients. `jwksUri` is read as `JwksUriOptionsClass`. @internal */
export class JwksOptionsClass implements Omit<Required<JwksOptions>, 'jwksUri'>, Pick<JwksOptions, 'jwksUri'> {
  @IsOptionInteger(1, 100)
  maxKeys: number = DCR_DEFAULTS.jwks.maxKeys;

  @IsOptionInteger(512, 65_536)
  maxBytes: number = DCR_DEFAULTS.jwks.maxBytes;

  @IsOptionListOf(ASYMMETRIC_JWS_ALGORITHMS, (alg) => `${JSON.stringify(alg)} is not an asymmetric JWS algorithm (supported: ${ASYMMETRIC_JWS_ALGORITHMS.join(', ')})`)
  algorithms: string[] = [...DCR_DEFAULTS.jwks.algorithms];

  @Allow()
  jwksUri?: JwksUriOptions;
}

/** `jwks.jwksUri`: how JWK Sets registered by URL are fetched. `development` is read as `FetchDevelopmentOptionsClass`. @internal */
export class JwksUriOptionsClass implements Omit<Required<JwksUriOptions>, 'development'>, Pick<JwksUriOptions, 'development'> {
  @IsOptionBoolean()
  enabled: boolean = true;

  @IsOptionInteger(100, 60_000)
  timeoutMs: number = 5000;

  @IsOptionInteger(0, 86_400)
  cacheMinSeconds: number = 60;

  @NotBelowOption('cacheMinSeconds', (min) => `must not be below cacheMinSeconds (${min})`)
  @IsOptionInteger(0, 7 * 86_400)
  cacheMaxSeconds: number = 3600;

  @IsOptionInteger(1, 86_400)
  refreshMinSeconds: number = 60;

  @Allow()
  development?: ClientIdMetadataDocumentDevelopmentOptions;
}

import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import { DcrModuleOptions, TokenEndpointAuthMethod } from './dcr-module-options.interface';
import { DCR_DEFAULTS } from './option-defaults';
import { OptionReader } from './option-reader';
import { readOptionClass, readOptionClasses } from './read-option-class';
import { AdminOptionsClass } from './admin-options';
import { ClientAuthenticationOptionsClass, MtlsOptionsClass } from './client-authentication-options';
import { ClientIdOptionsClass, ClientSecretOptionsClass, GrantsOptionsClass, ManagementOptionsClass, MetricsOptionsClass } from './server-leaf-options';
import { resolveClientIdMetadataDocument } from './resolve-client-id-metadata-document';
import { resolveJwks } from './resolve-jwks';
import { resolveCors, resolveQuotas, resolveRateLimit, resolveReaping } from './resolve-abuse-controls';
import { resolveInitialAccessToken, resolveSoftwareStatement } from './resolve-registration-access';
import { resolveReservedNames, resolveTiers } from './resolve-tiers';
import { forbiddenSchemeReason, SCHEME_NAME } from '../vocabulary/redirect-schemes';
import { isScopeSyntax, isSecretAuthMethod, scopeTokens } from '../vocabulary/client-vocabulary';
import { applyFapi2Profile, FAPI2_AUTH_METHODS } from './fapi2-profile';
import { ResolvedDcrOptions, ResolvedPatternRule, ResolvedServerOptions, URI_FIELDS, UriOptionKey } from './resolved-options';
import type { ResolvedClientAuthenticationOptions, ResolvedMetricsOptions } from './resolved-options';
import { LinearRegex } from '../regex/linear-regex';
import { PatternRuleClass, RedirectUrisOptionsClass, SoftwareOptionsClass } from './processor-options';

const SERVER_KEYS = [
  'registrationPath', 'issuer', 'clientId', 'clientSecret', 'grants', 'processors', 'strict', 'management',
  'initialAccessToken', 'softwareStatement', 'rateLimit', 'quotas', 'reaping', 'cors', 'clientIdMetadataDocument', 'profile',
  'tiers', 'reservedNames',
] as const;
const MODULE_KEYS = [...SERVER_KEYS, 'authorizationServers', 'secretKey', 'admin', 'trustedProxyHops', 'clientAuthentication', 'metrics'];
const SERVER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const PATH = /^[A-Za-z0-9_.~-]+(\/[A-Za-z0-9_.~-]+)*$/;
const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];
/** Methods whose clients register keys (`jwks` / `jwks_uri`): they need `processors.jwks`. */
const KEYED_METHODS: readonly TokenEndpointAuthMethod[] = ['private_key_jwt', 'self_signed_tls_client_auth'];

/**
 * Validates module options and applies every default. Throws one `DcrConfigurationError` that
 * lists every problem, each prefixed with the option's path.
 * @publicApi
 */
export function resolveDcrOptions(options: DcrModuleOptions): ResolvedDcrOptions {
  const read = new OptionReader();
  const root = read.object(options ?? null, 'options', MODULE_KEYS);

  const secretKey = read.string(root, 'secretKey', 'options');
  if (secretKey === undefined && root) read.problems.push('options.secretKey: required (the key of the secret digests)');
  else if (secretKey !== undefined && secretKey.length < 32) read.problems.push('options.secretKey: must be at least 32 characters');

  const servers = new Map<string, ResolvedServerOptions>();
  const multi = read.object(root?.authorizationServers, 'options.authorizationServers', Object.keys(root?.authorizationServers ?? {}));
  if (multi) {
    const stray = SERVER_KEYS.filter((key) => root?.[key] !== undefined);
    if (stray.length) {
      read.problems.push(`options: ${stray.join(', ')} cannot stand beside authorizationServers; move them into a server`);
    }
    if (Object.keys(multi).length === 0) read.problems.push('options.authorizationServers: must name at least one server');
    for (const [id, server] of Object.entries(multi)) {
      if (!SERVER_ID.test(id)) read.problems.push(`options.authorizationServers.${id}: server id must match ${SERVER_ID.source}`);
      servers.set(id, resolveServer(read, server, `options.authorizationServers.${id}`, id, `oauth2/${id}/register`, secretKey ?? ''));
    }
  } else if (root) {
    const id = DCR_DEFAULTS.defaultServerId;
    servers.set(id, resolveServer(read, root, 'options', id, DCR_DEFAULTS.registrationPath, secretKey ?? '', MODULE_KEYS));
  }

  const paths = new Map<string, string>();
  for (const server of servers.values()) {
    const other = paths.get(server.registrationPath);
    if (other !== undefined) read.problems.push(`registrationPath "${server.registrationPath}" is used by servers ${other} and ${server.id}`);
    paths.set(server.registrationPath, server.id);
  }

  const admin = readOptionClass(read, AdminOptionsClass, root?.admin, 'options.admin') ?? new AdminOptionsClass();
  const trustedProxyHops = read.integer(root, 'trustedProxyHops', 'options', 0, 0, 10);
  const clientAuthentication = resolveClientAuthentication(read, root?.clientAuthentication);
  const metrics = resolveMetrics(read, root?.metrics);

  if (read.problems.length) throw new DcrConfigurationError([...new Set(read.problems)]);
  return {
    servers, secretKey: secretKey!, admin: { enabled: admin.enabled, path: trimSlashes(admin.path), token: admin.token }, trustedProxyHops, clientAuthentication, metrics,
  };
}

function resolveServer(
  read: OptionReader, value: unknown, path: string, id: string, defaultPath: string, secretKey: string,
  keys: readonly string[] = SERVER_KEYS,
): ResolvedServerOptions {
  // One server at the top level shares the object with the module keys (`keys` = MODULE_KEYS).
  const server = read.object(value, path, keys) ?? {};

  const registrationPath = trimSlashes(read.string(server, 'registrationPath', path) ?? defaultPath);
  if (!PATH.test(registrationPath)) read.problems.push(`${path}.registrationPath: "${registrationPath}" is not a plain URL path`);
  const issuer = read.string(server, 'issuer', path);
  if (issuer !== undefined && !isHttpUrl(issuer)) read.problems.push(`${path}.issuer: must be an http(s) URL`);

  // Option objects read as classes (see server-leaf-options.ts); absent ones get their defaults.
  const [clientId = new ClientIdOptionsClass(), secret, grants = new GrantsOptionsClass(), management = new ManagementOptionsClass()] = readOptionClasses(read, [
    [ClientIdOptionsClass, server.clientId, `${path}.clientId`],
    [ClientSecretOptionsClass, server.clientSecret, `${path}.clientSecret`],
    [GrantsOptionsClass, server.grants, `${path}.grants`],
    [ManagementOptionsClass, server.management, `${path}.management`],
  ] as const);
  const resolved: ResolvedServerOptions = {
    id,
    registrationPath,
    issuer: issuer?.replace(/\/+$/, ''),
    clientId: { generator: clientId.generator, length: clientId.length },
    clientSecret: secret && { length: secret.length, lifetimeSeconds: secret.lifetimeSeconds },
    grants: { authorizationCode: grants.authorizationCode, implicit: grants.implicit, clientCredentials: grants.clientCredentials, refreshToken: grants.refreshToken },
    strict: read.boolean(server, 'strict', path, false),
    management: { enabled: management.enabled, rotateRegistrationAccessToken: management.rotateRegistrationAccessToken },
    initialAccessToken: resolveInitialAccessToken(read, server.initialAccessToken, `${path}.initialAccessToken`, secretKey),
    softwareStatement: resolveSoftwareStatement(read, server.softwareStatement, `${path}.softwareStatement`),
    rateLimit: resolveRateLimit(read, server.rateLimit, `${path}.rateLimit`),
    quotas: resolveQuotas(read, server.quotas, `${path}.quotas`),
    reaping: resolveReaping(read, server.reaping, `${path}.reaping`),
    cors: resolveCors(read, server.cors, `${path}.cors`),
    clientIdMetadataDocument: resolveClientIdMetadataDocument(read, server.clientIdMetadataDocument, `${path}.clientIdMetadataDocument`),
    profile: server.profile === undefined ? undefined : read.oneOf(server, 'profile', path, ['fapi2'] as const, 'fapi2'),
    processors: {
      redirectUris: { allowHttpLoopback: true, allowPrivateUseSchemes: true, allowedSchemes: [...DCR_DEFAULTS.privateUseSchemes], maxUris: DCR_DEFAULTS.maxRedirectUris },
    },
  };
  if (!Object.values(resolved.grants).some(Boolean)) read.problems.push(`${path}.grants: enable at least one grant`);
  if (resolved.grants.refreshToken && !resolved.grants.authorizationCode) {
    read.problems.push(`${path}.grants.refreshToken: needs authorizationCode (only that grant issues refresh tokens)`);
  }
  resolveProcessors(read, server.processors, `${path}.processors`, resolved);
  if (resolved.profile === 'fapi2') applyFapi2Profile(read, server, path, resolved);
  if (resolved.profile === undefined) delete resolved.profile;
  // After the processors: a tier's profile is checked against what they allow.
  const tiers = resolveTiers(read, server.tiers, `${path}.tiers`, resolved);
  if (tiers) resolved.tiers = tiers;
  const reservedNames = resolveReservedNames(read, server.reservedNames, `${path}.reservedNames`);
  if (reservedNames) resolved.reservedNames = reservedNames;
  return resolved;
}

function resolveProcessors(read: OptionReader, value: unknown, path: string, server: ResolvedServerOptions): void {
  const processors = read.object(value, path, [
    'clientName', 'contacts', 'scope', 'software', 'tokenEndpointAuthMethod', 'jwks', 'uris', 'redirectUris',
  ]);
  if (!processors) return;
  const strict = server.strict;
  const out = server.processors;

  const rule = (owner: unknown, rulePath: string, pattern: string, mandatory: boolean): ResolvedPatternRule | undefined => {
    const options = readOptionClass(read, PatternRuleClass, owner, rulePath);
    return options && { allowed: LinearRegex.compile(options.allowed ?? pattern), mandatory: options.mandatory ?? mandatory, strict: options.strict ?? strict };
  };
  out.clientName = rule(processors.clientName, `${path}.clientName`, DCR_DEFAULTS.clientNamePattern, false);
  out.contacts = rule(processors.contacts, `${path}.contacts`, DCR_DEFAULTS.contactsPattern, true);

  const scope = read.object(processors.scope, `${path}.scope`, ['allowed', 'strict', 'defaultScope']);
  if (scope) {
    out.scope = {
      allowed: read.patterns(scope, 'allowed', `${path}.scope`, [...DCR_DEFAULTS.scopePatterns]),
      strict: read.boolean(scope, 'strict', `${path}.scope`, strict),
    };
    const defaultScope = resolveDefaultScope(read, read.string(scope, 'defaultScope', `${path}.scope`), `${path}.scope.defaultScope`, out.scope.allowed);
    if (defaultScope !== undefined) out.scope.defaultScope = defaultScope;
  }

  const software = readOptionClass(read, SoftwareOptionsClass, processors.software, `${path}.software`);
  if (software) {
    out.software = {
      allowedIds: LinearRegex.compile(software.allowedIds ?? DCR_DEFAULTS.softwarePattern),
      allowedVersions: LinearRegex.compile(software.allowedVersions ?? DCR_DEFAULTS.softwarePattern),
      mandatory: software.mandatory ?? true,
      strict: software.strict ?? strict,
    };
  }

  const methodsPath = `${path}.tokenEndpointAuthMethod`;
  const methods = read.object(processors.tokenEndpointAuthMethod, methodsPath, ['allowed', 'mandatory', 'strict']);
  if (methods) {
    const allowed = methods.allowed ?? (server.profile === 'fapi2' ? FAPI2_AUTH_METHODS : DCR_DEFAULTS.tokenEndpointAuthMethods);
    if (!Array.isArray(allowed) || allowed.length === 0) {
      read.problems.push(`${methodsPath}.allowed: must be a non-empty array`);
    } else {
      allowed
        .filter((method) => !AUTH_METHODS.includes(method))
        .forEach((method) => read.problems.push(`${methodsPath}.allowed: unknown auth method ${JSON.stringify(method)} (supported: ${AUTH_METHODS.join(', ')})`));
    }
    out.tokenEndpointAuthMethod = {
      allowed: Array.isArray(allowed) ? [...new Set(allowed as TokenEndpointAuthMethod[])] : [],
      mandatory: read.boolean(methods, 'mandatory', methodsPath, false),
      strict: read.boolean(methods, 'strict', methodsPath, strict),
    };
    const issuesSecrets = out.tokenEndpointAuthMethod.allowed.some(isSecretAuthMethod);
    if (issuesSecrets && !server.clientSecret) {
      read.problems.push(`${methodsPath}.allowed: client_secret_* methods need the clientSecret option (which generates the secrets)`);
    }
  }

  // The fapi2 preset's methods need keys: its servers get `processors.jwks` with defaults.
  out.jwks = resolveJwks(read, processors.jwks ?? (server.profile === 'fapi2' ? {} : undefined), `${path}.jwks`);
  for (const method of KEYED_METHODS) {
    if (out.tokenEndpointAuthMethod?.allowed.includes(method) && !out.jwks) {
      read.problems.push(`${methodsPath}.allowed: ${method} needs processors.jwks (where its clients register their keys)`);
    }
  }

  const uris = read.object(processors.uris, `${path}.uris`, Object.keys(URI_FIELDS));
  if (uris) {
    const entries = (Object.keys(URI_FIELDS) as UriOptionKey[]).map((key) => {
      const rulePath = `${path}.uris.${key}`;
      return [key, rule(uris[key] ?? {}, rulePath, DCR_DEFAULTS.uriPattern, false)!] as const;
    });
    out.uris = Object.fromEntries(entries) as Record<UriOptionKey, ResolvedPatternRule>;
  }

  const redirectPath = `${path}.redirectUris`;
  const redirect = readOptionClass(read, RedirectUrisOptionsClass, processors.redirectUris, redirectPath) ?? new RedirectUrisOptionsClass();
  out.redirectUris = {
    allowHttpLoopback: redirect.allowHttpLoopback,
    allowPrivateUseSchemes: redirect.allowPrivateUseSchemes,
    allowedSchemes: resolveAllowedSchemes(read, redirect.allowedSchemes, `${redirectPath}.allowedSchemes`),
    maxUris: redirect.maxUris,
  };
}

/**
 * The default scope must be a valid scope string whose every token passes the scope filter: a
 * default outside the ceiling is a configuration mistake, refused at start-up rather than
 * silently filtered on every registration.
 */
function resolveDefaultScope(read: OptionReader, value: string | undefined, path: string, allowed: LinearRegex[]): string | undefined {
  if (value === undefined) return undefined;
  if (!isScopeSyntax(value)) {
    read.problems.push(`${path}: must be scope tokens separated by single spaces (RFC 6749 §3.3)`);
    return undefined;
  }
  const outside = scopeTokens(value).filter((token) => !allowed.some((pattern) => pattern.matchesWhole(token)));
  if (outside.length) read.problems.push(`${path}: ${outside.map((token) => JSON.stringify(token)).join(', ')} not allowed by processors.scope.allowed`);
  return scopeTokens(value).join(' ');
}

/** Exact lowercase scheme names; the forbidden ones and `http` look-alikes are refused. */
function resolveAllowedSchemes(read: OptionReader, value: unknown, path: string): string[] {
  if (value === undefined) return [...DCR_DEFAULTS.privateUseSchemes];
  if (!Array.isArray(value)) {
    read.problems.push(`${path}: must be an array of scheme names`);
    return [];
  }
  const schemes: string[] = [];
  value.forEach((scheme, index) => {
    if (typeof scheme !== 'string' || !SCHEME_NAME.test(scheme)) {
      read.problems.push(`${path}[${index}]: must be a lowercase URI scheme name (RFC 3986 §3.1), without ":"`);
      return;
    }
    const forbidden = forbiddenSchemeReason(scheme);
    if (forbidden) read.problems.push(`${path}[${index}]: ${forbidden}`);
    else schemes.push(scheme);
  });
  return [...new Set(schemes)];
}

function resolveClientAuthentication(read: OptionReader, value: unknown): ResolvedClientAuthenticationOptions {
  const path = 'options.clientAuthentication';
  const mtlsValue = value !== null && typeof value === 'object' ? (value as { mtls?: unknown }).mtls : undefined;
  const [options = new ClientAuthenticationOptionsClass(), mtls = new MtlsOptionsClass()] = readOptionClasses(read, [
    [ClientAuthenticationOptionsClass, value, path],
    [MtlsOptionsClass, mtlsValue, `${path}.mtls`],
  ] as const);
  const { certificateHeader, verifiedHeader } = mtls;
  return {
    maxFailures: options.maxFailures,
    maxFailuresPerClient: options.maxFailuresPerClient,
    windowSeconds: options.windowSeconds,
    enforceRegisteredMethod: options.enforceRegisteredMethod,
    realm: options.realm,
    assertionAudiences: [...new Set(options.assertionAudiences)],
    assertionMaxLifetimeSeconds: options.assertionMaxLifetimeSeconds,
    clockSkewSeconds: options.clockSkewSeconds,
    mtls: {
      ...(certificateHeader !== undefined && { certificateHeader: certificateHeader.toLowerCase() }),
      ...(verifiedHeader !== undefined && { verifiedHeader: verifiedHeader.toLowerCase() }),
    },
  };
}

function resolveMetrics(read: OptionReader, value: unknown): ResolvedMetricsOptions {
  const metrics = readOptionClass(read, MetricsOptionsClass, value, 'options.metrics') ?? new MetricsOptionsClass();
  return { enabled: metrics.enabled, prefix: metrics.prefix ?? '' };
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

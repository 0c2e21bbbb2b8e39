import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import { DcrModuleOptions, TokenEndpointAuthMethod } from './dcr-module-options.interface';
import { DCR_DEFAULTS } from './option-defaults';
import { OptionReader } from './option-reader';
import { readOptionClass, readOptionClasses, wasRefused } from './read-option-class';
import { AdminOptionsClass } from './admin-options';
import { ClientAuthenticationOptionsClass, MtlsOptionsClass } from './client-authentication-options';
import { ClientIdOptionsClass, ClientSecretOptionsClass, GrantsOptionsClass, ManagementOptionsClass, MetricsOptionsClass } from './server-leaf-options';
import { resolveClientIdMetadataDocument } from './resolve-client-id-metadata-document';
import { resolveJwks } from './resolve-jwks';
import { resolveCors, resolveQuotas, resolveRateLimit, resolveReaping } from './resolve-abuse-controls';
import { resolveInitialAccessToken, resolveSoftwareStatement } from './resolve-registration-access';
import { resolveReservedNames, resolveTiers } from './resolve-tiers';
import { resolveEvents } from './resolve-events';
import { isSecretAuthMethod, scopeTokens } from '../vocabulary/client-vocabulary';
import { applyFapi2Profile, FAPI2_AUTH_METHODS } from './fapi2-profile';
import { ResolvedDcrOptions, ResolvedPatternRule, ResolvedServerOptions, URI_FIELDS, UriOptionKey } from './resolved-options';
import type { ResolvedClientAuthenticationOptions, ResolvedMetricsOptions } from './resolved-options';
import { LinearRegex } from '../regex/linear-regex';
import {
  PatternRuleClass, ProcessorsOptionsClass, RedirectUrisOptionsClass, ScopeOptionsClass, SoftwareOptionsClass, TokenEndpointAuthMethodOptionsClass, UrisOptionsClass,
} from './processor-options';
import { trimSlashes } from './option-rules';
import { ModuleOptionsClass, ServerOptionsClass } from './server-options';
import { declaredMembers } from '../validation/validation-problems';

type Json = Record<string, unknown>;

const SERVER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Methods whose clients register keys (`jwks` / `jwks_uri`): they need `processors.jwks`. */
const KEYED_METHODS: readonly TokenEndpointAuthMethod[] = ['private_key_jwt', 'self_signed_tls_client_auth'];

/**
 * Validates module options and applies every default. Throws one `DcrConfigurationError` that
 * lists every problem, each prefixed with the option's path.
 * @publicApi
 */
export function resolveDcrOptions(options: DcrModuleOptions): ResolvedDcrOptions {
  const read = new OptionReader();
  const root = readOptionClass(read, ModuleOptionsClass, options ?? null, 'options');
  const secretKey = root?.secretKey ?? '';

  const servers = new Map<string, ResolvedServerOptions>();
  const multi = read.object(root?.authorizationServers, 'options.authorizationServers', Object.keys(root?.authorizationServers ?? {}));
  if (root && multi) {
    const stray = declaredMembers(ServerOptionsClass).filter((key) => (options as unknown as Json)[key] !== undefined);
    if (stray.length) {
      read.problems.push(`options: ${stray.join(', ')} cannot stand beside authorizationServers; move them into a server`);
    }
    if (Object.keys(multi).length === 0) read.problems.push('options.authorizationServers: must name at least one server');
    for (const [id, value] of Object.entries(multi)) {
      if (!SERVER_ID.test(id)) read.problems.push(`options.authorizationServers.${id}: server id must match ${SERVER_ID.source}`);
      const path = `options.authorizationServers.${id}`;
      const server = readOptionClass(read, ServerOptionsClass, value, path) ?? new ServerOptionsClass();
      servers.set(id, resolveServer(read, server, path, id, `oauth2/${id}/register`, secretKey));
    }
  } else if (root) {
    const id = DCR_DEFAULTS.defaultServerId;
    servers.set(id, resolveServer(read, root, 'options', id, DCR_DEFAULTS.registrationPath, secretKey));
  }

  const paths = new Map<string, string>();
  for (const server of servers.values()) {
    const other = paths.get(server.registrationPath);
    if (other !== undefined) read.problems.push(`registrationPath "${server.registrationPath}" is used by servers ${other} and ${server.id}`);
    paths.set(server.registrationPath, server.id);
  }

  const admin = readOptionClass(read, AdminOptionsClass, root?.admin, 'options.admin') ?? new AdminOptionsClass();
  const clientAuthentication = resolveClientAuthentication(read, root?.clientAuthentication);
  const metrics = resolveMetrics(read, root?.metrics);
  const events = resolveEvents(read, root?.events);

  if (read.problems.length) throw new DcrConfigurationError([...new Set(read.problems)]);
  return {
    servers, secretKey, admin: { enabled: admin.enabled, path: trimSlashes(admin.path), token: admin.token }, trustedProxyHops: root!.trustedProxyHops, clientAuthentication, metrics, events,
  };
}

function resolveServer(read: OptionReader, server: ServerOptionsClass, path: string, id: string, defaultPath: string, secretKey: string): ResolvedServerOptions {
  // Option objects read as classes (see server-leaf-options.ts); absent ones get their defaults.
  const [clientId = new ClientIdOptionsClass(), secret, grants = new GrantsOptionsClass(), management = new ManagementOptionsClass()] = readOptionClasses(read, [
    [ClientIdOptionsClass, server.clientId, `${path}.clientId`],
    [ClientSecretOptionsClass, server.clientSecret, `${path}.clientSecret`],
    [GrantsOptionsClass, server.grants, `${path}.grants`],
    [ManagementOptionsClass, server.management, `${path}.management`],
  ] as const);
  const resolved: ResolvedServerOptions = {
    id,
    registrationPath: trimSlashes(server.registrationPath ?? defaultPath),
    issuer: server.issuer?.replace(/\/+$/, ''),
    clientId: { generator: clientId.generator, length: clientId.length },
    clientSecret: secret && { length: secret.length, lifetimeSeconds: secret.lifetimeSeconds },
    grants: { authorizationCode: grants.authorizationCode, implicit: grants.implicit, clientCredentials: grants.clientCredentials, refreshToken: grants.refreshToken },
    strict: server.strict,
    management: { enabled: management.enabled, rotateRegistrationAccessToken: management.rotateRegistrationAccessToken },
    initialAccessToken: resolveInitialAccessToken(read, server.initialAccessToken, `${path}.initialAccessToken`, secretKey),
    softwareStatement: resolveSoftwareStatement(read, server.softwareStatement, `${path}.softwareStatement`),
    rateLimit: resolveRateLimit(read, server.rateLimit, `${path}.rateLimit`),
    quotas: resolveQuotas(read, server.quotas, `${path}.quotas`),
    reaping: resolveReaping(read, server.reaping, `${path}.reaping`),
    cors: resolveCors(read, server.cors, `${path}.cors`),
    clientIdMetadataDocument: resolveClientIdMetadataDocument(read, server.clientIdMetadataDocument, `${path}.clientIdMetadataDocument`),
    profile: server.profile,
    processors: {
      redirectUris: { allowHttpLoopback: true, allowPrivateUseSchemes: true, allowedSchemes: [...DCR_DEFAULTS.privateUseSchemes], maxUris: DCR_DEFAULTS.maxRedirectUris },
    },
  };
  if (!Object.values(resolved.grants).some(Boolean)) read.problems.push(`${path}.grants: enable at least one grant`);
  resolveProcessors(read, server.processors, `${path}.processors`, resolved);
  if (resolved.profile === 'fapi2') applyFapi2Profile(read, server as unknown as Json, path, resolved);
  if (resolved.profile === undefined) delete resolved.profile;
  // After the processors: a tier's profile is checked against what they allow.
  const tiers = resolveTiers(read, server.tiers, `${path}.tiers`, resolved);
  if (tiers) resolved.tiers = tiers;
  const reservedNames = resolveReservedNames(read, server.reservedNames, `${path}.reservedNames`);
  if (reservedNames) resolved.reservedNames = reservedNames;
  return resolved;
}

function resolveProcessors(read: OptionReader, value: unknown, path: string, server: ResolvedServerOptions): void {
  const processors = readOptionClass(read, ProcessorsOptionsClass, value, path);
  if (!processors) return;
  const strict = server.strict;
  const out = server.processors;

  const rule = (owner: unknown, rulePath: string, pattern: string, mandatory: boolean): ResolvedPatternRule | undefined => {
    const options = readOptionClass(read, PatternRuleClass, owner, rulePath);
    return options && { allowed: LinearRegex.compile(options.allowed ?? pattern), mandatory: options.mandatory ?? mandatory, strict: options.strict ?? strict };
  };
  out.clientName = rule(processors.clientName, `${path}.clientName`, DCR_DEFAULTS.clientNamePattern, false);
  out.contacts = rule(processors.contacts, `${path}.contacts`, DCR_DEFAULTS.contactsPattern, true);

  const scope = readOptionClass(read, ScopeOptionsClass, processors.scope, `${path}.scope`);
  if (scope) {
    out.scope = { allowed: scope.allowed.map((source) => LinearRegex.compile(source)), strict: scope.strict ?? strict };
    if (scope.defaultScope !== undefined) out.scope.defaultScope = scopeTokens(scope.defaultScope).join(' ');
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
  const methods = readOptionClass(read, TokenEndpointAuthMethodOptionsClass, processors.tokenEndpointAuthMethod, methodsPath);
  if (methods) {
    const allowed = methods.allowed ?? (server.profile === 'fapi2' ? FAPI2_AUTH_METHODS : DCR_DEFAULTS.tokenEndpointAuthMethods);
    out.tokenEndpointAuthMethod = { allowed: [...new Set(allowed)], mandatory: methods.mandatory, strict: methods.strict ?? strict };
    // A refused list reads as the default one: its secret methods are no second mistake.
    const issuesSecrets = !wasRefused(methods, 'allowed') && out.tokenEndpointAuthMethod.allowed.some(isSecretAuthMethod);
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

  const uris = readOptionClass(read, UrisOptionsClass, processors.uris, `${path}.uris`);
  if (uris) {
    const entries = (Object.keys(URI_FIELDS) as UriOptionKey[]).map((key) => [key, rule(uris[key] ?? {}, `${path}.uris.${key}`, DCR_DEFAULTS.uriPattern, false)!] as const);
    out.uris = Object.fromEntries(entries) as Record<UriOptionKey, ResolvedPatternRule>;
  }

  const redirect = readOptionClass(read, RedirectUrisOptionsClass, processors.redirectUris, `${path}.redirectUris`) ?? new RedirectUrisOptionsClass();
  out.redirectUris = {
    allowHttpLoopback: redirect.allowHttpLoopback,
    allowPrivateUseSchemes: redirect.allowPrivateUseSchemes,
    allowedSchemes: [...new Set(redirect.allowedSchemes)],
    maxUris: redirect.maxUris,
  };
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

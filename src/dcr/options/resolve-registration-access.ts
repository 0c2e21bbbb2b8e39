import { keyedDigest } from '../secrets/keyed-digest';
import { OptionReader } from './option-reader';
import { ResolvedInitialAccessToken, ResolvedServerOptions, ResolvedSoftwareStatementOptions } from './resolved-options';
import type { InitialAccessProfile, TokenEndpointAuthMethod } from './dcr-module-options.interface';

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
/** Every method a client can register, so that a profile may confine its registrations to the key and certificate methods too. */
const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `initialAccessToken`: tokens become keyed digests here, so the plain tokens never outlive
 * start-up in the resolved options.
 * @internal
 */
export function resolveInitialAccessToken(
  read: OptionReader, value: unknown, path: string, secretKey: string,
): ResolvedServerOptions['initialAccessToken'] {
  const options = read.object(value, path, ['required', 'tokens']);
  const required = read.boolean(options, 'required', path, false);
  const entries = options?.tokens ?? [];
  if (!Array.isArray(entries)) {
    read.problems.push(`${path}.tokens: must be an array`);
    return { required, tokens: [] };
  }
  const tokens = entries.flatMap((entry, index): ResolvedInitialAccessToken[] => {
    const at = `${path}.tokens[${index}]`;
    const token = read.object(entry, at, ['token', 'id', 'expiresAt', 'maxUses', 'profile']);
    if (!token) {
      if (entry === undefined || entry === null) read.problems.push(`${at}: must be an object`);
      return [];
    }
    const plain = read.string(token, 'token', at);
    if (plain === undefined || plain.length < 32) read.problems.push(`${at}.token: required, at least 32 characters`);
    const digest = keyedDigest(secretKey, plain ?? '');
    const expires = read.string(token, 'expiresAt', at);
    const expiresAt = expires === undefined ? undefined : Date.parse(expires);
    if (expiresAt !== undefined && Number.isNaN(expiresAt)) read.problems.push(`${at}.expiresAt: must be an ISO 8601 date-time`);
    const maxUses = token.maxUses === undefined ? undefined : read.integer(token, 'maxUses', at, 1, 1, 1_000_000_000);
    return [{
      id: read.string(token, 'id', at) ?? `iat-${digest.slice(3, 15)}`,
      digest,
      ...(expiresAt !== undefined && { expiresAt }),
      ...(maxUses !== undefined && { maxUses }),
      ...(token.profile !== undefined && { profile: resolveProfile(read, token.profile, `${at}.profile`) }),
    }];
  });
  const ids = tokens.map((token) => token.id);
  ids.filter((id, index) => ids.indexOf(id) !== index).forEach((id) => read.problems.push(`${path}.tokens: id "${id}" is used twice`));
  // `required` without configured tokens is valid: tokens may be issued at run time through the
  // admin API, or accepted by a host's own InitialAccessTokenVerifier.
  return { required, tokens };
}

/** An initial access token profile (`grantTypes`, `scopes`, `tokenEndpointAuthMethods`), problems reported to `read`. @internal */
export function resolveProfile(read: OptionReader, value: unknown, path: string): InitialAccessProfile {
  const profile = read.object(value, path, ['grantTypes', 'scopes', 'tokenEndpointAuthMethods']) ?? {};
  const list = (key: string, allowed?: readonly string[]) => {
    const items = profile[key];
    if (items === undefined) return undefined;
    if (!Array.isArray(items) || !items.every((item) => typeof item === 'string' && item.length > 0)) {
      read.problems.push(`${path}.${key}: must be an array of strings`);
      return undefined;
    }
    items.filter((item) => allowed && !allowed.includes(item)).forEach((item) => read.problems.push(`${path}.${key}: unknown value "${item}"`));
    return items as string[];
  };
  const grantTypes = list('grantTypes', ['authorization_code', 'implicit', 'client_credentials', 'refresh_token']);
  const scopes = list('scopes');
  const tokenEndpointAuthMethods = list('tokenEndpointAuthMethods', AUTH_METHODS) as TokenEndpointAuthMethod[] | undefined;
  return {
    ...(grantTypes && { grantTypes }),
    ...(scopes && { scopes }),
    ...(tokenEndpointAuthMethods && { tokenEndpointAuthMethods }),
  };
}

/** `softwareStatement`: trusted issuers, asymmetric algorithms only, safe key URLs. @internal */
export function resolveSoftwareStatement(read: OptionReader, value: unknown, path: string): ResolvedSoftwareStatementOptions | undefined {
  const options = read.object(value, path, ['required', 'trustedIssuers', 'clockSkewSeconds', 'jwksTimeoutMs', 'jwksCacheSeconds']);
  if (!options) return undefined;
  const issuers = options.trustedIssuers ?? [];
  if (!Array.isArray(issuers)) read.problems.push(`${path}.trustedIssuers: must be an array`);
  const trustedIssuers = (Array.isArray(issuers) ? issuers : []).flatMap((entry, index) => {
    const at = `${path}.trustedIssuers[${index}]`;
    const trusted = read.object(entry, at, ['issuer', 'jwks', 'jwksUri', 'algorithms']);
    if (!trusted) return [];
    const issuer = read.string(trusted, 'issuer', at);
    if (issuer === undefined) read.problems.push(`${at}.issuer: required`);
    const jwks = trusted.jwks as { keys?: unknown } | undefined;
    if (jwks !== undefined && (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys) || jwks.keys.length === 0)) {
      read.problems.push(`${at}.jwks: must be a JWK Set ({ "keys": [ … ] }) with at least one key`);
    }
    const hasSecretKey = Array.isArray(jwks?.keys) && jwks.keys.some((key) => typeof key === 'object' && key !== null && ('d' in key || 'k' in key));
    if (hasSecretKey) read.problems.push(`${at}.jwks: must hold public keys only (a private or symmetric key was given)`);
    const jwksUri = read.string(trusted, 'jwksUri', at);
    if (jwksUri !== undefined && !isKeyUrl(jwksUri)) read.problems.push(`${at}.jwksUri: must be an https URL (http only on loopback hosts)`);
    if ((jwks === undefined) === (jwksUri === undefined)) read.problems.push(`${at}: give exactly one of jwks and jwksUri`);
    const algorithms = trusted.algorithms ?? DEFAULT_ALGORITHMS;
    if (!Array.isArray(algorithms) || algorithms.length === 0) read.problems.push(`${at}.algorithms: must be a non-empty array`);
    else algorithms.filter((alg) => !ASYMMETRIC_ALGORITHMS.includes(alg)).forEach((alg) =>
      read.problems.push(`${at}.algorithms: "${alg}" is not allowed (asymmetric only: ${ASYMMETRIC_ALGORITHMS.join(', ')})`));
    return [{
      issuer: issuer ?? '',
      ...(jwks !== undefined && { jwks: jwks as { keys: object[] } }),
      ...(jwksUri !== undefined && { jwksUri }),
      algorithms: Array.isArray(algorithms) ? algorithms : DEFAULT_ALGORITHMS,
    }];
  });
  const required = read.boolean(options, 'required', path, false);
  if (required && trustedIssuers.length === 0) read.problems.push(`${path}.trustedIssuers: required is true but no issuer is trusted`);
  return {
    required,
    trustedIssuers,
    clockSkewSeconds: read.integer(options, 'clockSkewSeconds', path, 60, 0, 600),
    jwksTimeoutMs: read.integer(options, 'jwksTimeoutMs', path, 3000, 100, 30_000),
    jwksCacheSeconds: read.integer(options, 'jwksCacheSeconds', path, 600, 0, 86_400),
  };
}

function isKeyUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

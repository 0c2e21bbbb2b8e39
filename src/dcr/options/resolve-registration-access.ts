import { keyedDigest } from '../secrets/keyed-digest';
import { OptionReader } from './option-reader';
import { member, readOptionClass, readOptionClasses } from './read-option-class';
import {
  InitialAccessProfileClass, InitialAccessTokenEntryClass, InitialAccessTokenOptionsClass, SoftwareStatementOptionsClass, TrustedIssuerClass,
} from './registration-access-options';
import { ResolvedInitialAccessToken, ResolvedServerOptions, ResolvedSoftwareStatementOptions } from './resolved-options';
import type { InitialAccessProfile } from './dcr-module-options.interface';

/**
 * `initialAccessToken`: tokens become keyed digests here, so the plain tokens never outlive
 * start-up in the resolved options.
 * @internal
 */
export function resolveInitialAccessToken(
  read: OptionReader, value: unknown, path: string, secretKey: string,
): ResolvedServerOptions['initialAccessToken'] {
  const { required, tokens: entries } = readOptionClass(read, InitialAccessTokenOptionsClass, value, path) ?? new InitialAccessTokenOptionsClass();
  const tokens = entries.flatMap((entry, index): ResolvedInitialAccessToken[] => {
    const at = `${path}.tokens[${index}]`;
    if (entry === undefined) read.problems.push(`${at}: must be an object`);
    const [token, profile] = readOptionClasses(read, [[InitialAccessTokenEntryClass, entry, at], [InitialAccessProfileClass, member(entry, 'profile'), `${at}.profile`]] as const);
    if (!token) return [];
    const digest = keyedDigest(secretKey, token.token ?? '');
    return [{
      id: token.id ?? `iat-${digest.slice(3, 15)}`,
      digest,
      ...(token.expiresAt !== undefined && { expiresAt: Date.parse(token.expiresAt) }),
      ...(token.maxUses !== undefined && { maxUses: token.maxUses }),
      ...(profile && { profile: profileOf(profile) }),
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
  return profileOf(readOptionClass(read, InitialAccessProfileClass, value, path) ?? new InitialAccessProfileClass());
}

function profileOf({ grantTypes, scopes, tokenEndpointAuthMethods }: InitialAccessProfileClass): InitialAccessProfile {
  return {
    ...(grantTypes && { grantTypes }),
    ...(scopes && { scopes }),
    ...(tokenEndpointAuthMethods && { tokenEndpointAuthMethods }),
  };
}

/** `softwareStatement`: trusted issuers, asymmetric algorithms only, safe key URLs. @internal */
export function resolveSoftwareStatement(read: OptionReader, value: unknown, path: string): ResolvedSoftwareStatementOptions | undefined {
  const options = readOptionClass(read, SoftwareStatementOptionsClass, value, path);
  if (!options) return undefined;
  const trustedIssuers = options.trustedIssuers.flatMap((entry, index) => {
    const at = `${path}.trustedIssuers[${index}]`;
    const trusted = readOptionClass(read, TrustedIssuerClass, entry, at);
    if (!trusted) return [];
    // Which key source was given, right or wrong: a wrong one is reported by its own rule.
    if ((member(entry, 'jwks') === undefined) === (member(entry, 'jwksUri') === undefined)) read.problems.push(`${at}: give exactly one of jwks and jwksUri`);
    const { issuer = '', jwks, jwksUri, algorithms } = trusted;
    return [{ issuer, ...(jwks !== undefined && { jwks }), ...(jwksUri !== undefined && { jwksUri }), algorithms }];
  });
  const { required, clockSkewSeconds, jwksTimeoutMs, jwksCacheSeconds } = options;
  return { required, trustedIssuers, clockSkewSeconds, jwksTimeoutMs, jwksCacheSeconds };
}

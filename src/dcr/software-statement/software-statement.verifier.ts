import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, JWTPayload, jwtVerify } from 'jose';
import { InvalidSoftwareStatementError, TemporarilyUnavailableError, UnapprovedSoftwareStatementError } from '../errors/dcr.error';
import type { ResolvedServerOptions, ResolvedTrustedIssuer } from '../options/resolved-options';

/** Claims of a JWT that are about the statement, not client metadata (RFC 7519 §4.1). */
const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];

/**
 * RFC 7591 §2.3: verifies a software statement and returns the client metadata it asserts.
 * Throws `InvalidSoftwareStatementError` (malformed, bad claims, expired) or
 * `UnapprovedSoftwareStatementError` (untrusted issuer or key).
 * @publicApi
 */
export abstract class SoftwareStatementVerifier {
  abstract verify(statement: string, server: ResolvedServerOptions): Promise<Record<string, unknown>>;
}

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

/**
 * `jose`-based verifier over the configured trusted issuers. Only admin-configured key URLs are
 * ever fetched (with a timeout, then cached); a URL inside a request is never followed.
 * @publicApi
 */
@Injectable()
export class JoseSoftwareStatementVerifier extends SoftwareStatementVerifier {
  private readonly keySets = new WeakMap<ResolvedTrustedIssuer, KeyResolver>();

  async verify(statement: string, server: ResolvedServerOptions): Promise<Record<string, unknown>> {
    const options = server.softwareStatement!;
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(statement);
    } catch {
      throw new InvalidSoftwareStatementError('software_statement: not a signed JWT');
    }
    if (typeof unverified.iss !== 'string' || unverified.iss.length === 0) {
      throw new InvalidSoftwareStatementError('software_statement: the iss claim is required');
    }
    const trusted = options.trustedIssuers.find((issuer) => issuer.issuer === unverified.iss);
    if (!trusted) throw new UnapprovedSoftwareStatementError('software_statement: the issuer is not trusted');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(statement, this.keys(trusted, options), {
        issuer: trusted.issuer,
        algorithms: trusted.algorithms,
        clockTolerance: options.clockSkewSeconds,
      }));
    } catch (error) {
      throw this.translate(error);
    }
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + options.clockSkewSeconds) {
      throw new InvalidSoftwareStatementError('software_statement: issued in the future (iat)');
    }
    return Object.fromEntries(Object.entries(payload).filter(([claim]) => !JWT_CLAIMS.includes(claim)));
  }

  private keys(trusted: ResolvedTrustedIssuer, options: NonNullable<ResolvedServerOptions['softwareStatement']>): KeyResolver {
    let keys = this.keySets.get(trusted);
    if (!keys) {
      keys = trusted.jwks
        ? createLocalJWKSet(trusted.jwks as never)
        : (createRemoteJWKSet(new URL(trusted.jwksUri!), {
            timeoutDuration: options.jwksTimeoutMs,
            cacheMaxAge: options.jwksCacheSeconds * 1000,
            cooldownDuration: Math.min(30_000, options.jwksCacheSeconds * 1000),
          }) as unknown as KeyResolver);
      this.keySets.set(trusted, keys);
    }
    return keys;
  }

  private translate(error: unknown): Error {
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSMultipleMatchingKeys) {
      return new UnapprovedSoftwareStatementError('software_statement: not signed by a trusted key');
    }
    if (error instanceof errors.JWTExpired) return new InvalidSoftwareStatementError('software_statement: expired');
    if (error instanceof errors.JWTClaimValidationFailed) return new InvalidSoftwareStatementError(`software_statement: the ${error.claim} claim is invalid`);
    if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidSoftwareStatementError('software_statement: the signing algorithm is not allowed');
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
      return new TemporarilyUnavailableError("the trusted issuer's keys could not be fetched; try again later", error);
    }
    if (error instanceof errors.JOSEError) return new InvalidSoftwareStatementError('software_statement: malformed or unverifiable JWS');
    // fetch failures of the key set (network) surface as plain errors
    return new TemporarilyUnavailableError("the trusted issuer's keys could not be fetched; try again later", error);
  }
}

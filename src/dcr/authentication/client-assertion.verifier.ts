import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { ASYMMETRIC_JWS_ALGORITHMS } from '../vocabulary/public-jwks';
import { ClientAssertionReplayStore } from './client-assertion-replay.store';
import { ClientKeys, ClientKeysUnavailable, type KeyedClient } from './client-keys';

/** Longest client assertion read (a signed JWT of a few claims is well below). */
const MAX_ASSERTION_LENGTH = 8192;
/** Longest `jti` accepted. */
const MAX_JTI_LENGTH = 256;
/** Expired replay rows are removed at most this often per instance. */
const PURGE_INTERVAL_MS = 60_000;

/** Why an assertion was refused; logged, never answered (every one is the same 401). @internal */
export type AssertionFailure =
  | 'assertion_malformed'
  | 'assertion_alg_not_allowed'
  | 'assertion_keys_unavailable'
  | 'assertion_no_matching_key'
  | 'assertion_bad_signature'
  | 'assertion_wrong_iss'
  | 'assertion_wrong_sub'
  | 'assertion_wrong_aud'
  | 'assertion_no_audience_configured'
  | 'assertion_expired'
  | 'assertion_exp_missing'
  | 'assertion_exp_too_far'
  | 'assertion_not_yet_valid'
  | 'assertion_iat_in_future'
  | 'assertion_jti_missing'
  | 'assertion_replayed';

/** What is checked for one assertion. @internal */
export interface AssertionCheck {
  client: KeyedClient & { tokenEndpointAuthMethod?: string | null };
  assertion: string;
  /** Accepted `aud` values (the issuer, the token endpoint URL). */
  audiences: readonly string[];
  now: number;
}

/**
 * RFC 7523 §3 client assertions (`private_key_jwt`, RFC 7521 §4.2): signed with one of the
 * client's registered keys under its `token_endpoint_auth_signing_alg` (else an algorithm of
 * `processors.jwks.algorithms`, asymmetric only); `iss` = `sub` = the client id; `aud` one of the
 * accepted audiences; `exp` present and at most `assertionMaxLifetimeSeconds` ahead; `nbf` and
 * `iat` not in the future (within `clockSkewSeconds`); `jti` present and never seen before, in the
 * replay store every instance shares. An unknown `kid` of a `jwks_uri` client fetches its keys
 * once more (rate-bounded by `ClientKeys`).
 * @internal
 */
@Injectable()
export class ClientAssertionVerifier {
  private lastPurge = 0;

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly keys: ClientKeys,
    private readonly replays: ClientAssertionReplayStore,
  ) {}

  /** Undefined when the assertion authenticates the client (its `jti` is then used up), else why not. */
  async verify(check: AssertionCheck): Promise<AssertionFailure | undefined> {
    const { client, assertion, now } = check;
    const settings = this.options.clientAuthentication;
    const serverKeys = this.options.servers.get(client.authorizationServer)?.processors.jwks;
    if (assertion.length > MAX_ASSERTION_LENGTH) return 'assertion_malformed';
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(assertion).alg;
    } catch {
      return 'assertion_malformed';
    }
    const registeredAlg = client.metadata?.token_endpoint_auth_signing_alg;
    const allowed = typeof registeredAlg === 'string' ? [registeredAlg] : serverKeys?.algorithms ?? [];
    // Asymmetric only, whatever was stored or configured: `none` and HS* (a public key used as an
    // HMAC secret) can never verify.
    if (alg === undefined || !allowed.includes(alg) || !ASYMMETRIC_JWS_ALGORITHMS.includes(alg)) return 'assertion_alg_not_allowed';
    if (check.audiences.length === 0) return 'assertion_no_audience_configured';

    let payload: JWTPayload;
    try {
      payload = await this.verifySignature(check, alg, await this.keys.keySet(client, now));
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey && this.keys.fromUri(client)) {
        // The client may have rotated its keys: fetch them once more (at a bounded rate).
        let refreshed: JSONWebKeySet | undefined;
        try {
          refreshed = await this.keys.refresh(client, now);
        } catch (refreshError) {
          return failureOf(refreshError);
        }
        if (refreshed === undefined) return 'assertion_no_matching_key';
        try {
          payload = await this.verifySignature(check, alg, refreshed);
        } catch (retryError) {
          return failureOf(retryError);
        }
      } else {
        return failureOf(error);
      }
    }

    const skew = settings.clockSkewSeconds;
    const nowSeconds = Math.floor(now / 1000);
    if (typeof payload.exp !== 'number') return 'assertion_exp_missing';
    if (payload.exp > nowSeconds + settings.assertionMaxLifetimeSeconds + skew) return 'assertion_exp_too_far';
    if (typeof payload.iat === 'number' && payload.iat > nowSeconds + skew) return 'assertion_iat_in_future';
    if (typeof payload.jti !== 'string' || payload.jti === '' || payload.jti.length > MAX_JTI_LENGTH) return 'assertion_jti_missing';

    await this.purge(now);
    const key = createHash('sha256').update(`${client.authorizationServer}\n${client.id}\n${payload.jti}`).digest('hex');
    const fresh = await this.replays.use(key, (payload.exp + skew) * 1000, now);
    return fresh ? undefined : 'assertion_replayed';
  }

  private async verifySignature(check: AssertionCheck, alg: string, jwks: JSONWebKeySet): Promise<JWTPayload> {
    const { payload } = await jwtVerify(check.assertion, createLocalJWKSet(jwks), {
      algorithms: [alg],
      issuer: check.client.id,
      subject: check.client.id,
      audience: [...check.audiences],
      currentDate: new Date(check.now),
      clockTolerance: this.options.clientAuthentication.clockSkewSeconds,
      requiredClaims: ['exp', 'jti'],
    });
    return payload;
  }

  private async purge(now: number): Promise<void> {
    if (now - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now;
    await this.replays.purgeExpired(now);
  }
}

function failureOf(error: unknown): AssertionFailure {
  if (error instanceof ClientKeysUnavailable) return 'assertion_keys_unavailable';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'assertion_no_matching_key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'assertion_bad_signature';
  if (error instanceof errors.JWTExpired) return 'assertion_expired';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'assertion_alg_not_allowed';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'assertion_wrong_iss';
    if (error.claim === 'sub') return 'assertion_wrong_sub';
    if (error.claim === 'aud') return 'assertion_wrong_aud';
    if (error.claim === 'exp') return 'assertion_exp_missing';
    if (error.claim === 'nbf') return 'assertion_not_yet_valid';
    if (error.claim === 'jti') return 'assertion_jti_missing';
    if (error.claim === 'iat') return 'assertion_iat_in_future';
    return 'assertion_malformed';
  }
  if (error instanceof errors.JOSEError || error instanceof TypeError) return 'assertion_malformed';
  throw error;
}

import { decodeJwt } from 'jose';
import { InvalidRequestError } from '../errors/dcr.error';
import { isBasicAuthorization, parseBasicAuthorization } from './basic-credentials';

/** Client authentication methods `ClientAuthenticator` understands (RFC 7591 §2 names). @publicApi */
export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post' | 'none' | 'private_key_jwt' | 'tls_client_auth' | 'self_signed_tls_client_auth';

/** What a token request presents to identify its client. @publicApi */
export interface PresentedCredentials {
  method: ClientAuthenticationMethod;
  clientId: string;
  /** Absent for `none` (a public client only names itself) and `private_key_jwt`. */
  clientSecret?: string;
  /** `private_key_jwt`: the signed JWT (RFC 7523 §2.2), not verified yet. */
  clientAssertion?: string;
}

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Finds the one authentication method a token request uses (RFC 6749 §2.3: a client MUST NOT use
 * more than one). `client_secret_basic` when the `Authorization` header is Basic; otherwise
 * `private_key_jwt` with `client_assertion_type` (RFC 7523 §2.2) and `client_assertion` in the
 * body (the client is the assertion's `sub`, or `client_id` when sent, which must then name the
 * same client: checked with the signature); `client_secret_post` with `client_id` and
 * `client_secret` in the body, or `none` with only `client_id`. Returns undefined when the
 * request presents no method this module supports (no credentials, another HTTP scheme, another
 * assertion type): that is a 401 `invalid_client`. Throws `invalid_request` (400) for a malformed
 * Basic header or contradicting parameters (an assertion beside a secret or a Basic header).
 * @publicApi
 */
export function presentedCredentials(authorization: string | undefined, body: Readonly<Record<string, unknown>>): PresentedCredentials | undefined {
  const bodyId = parameter(body, 'client_id');
  const bodySecret = parameter(body, 'client_secret');
  const assertionType = parameter(body, 'client_assertion_type');
  const assertion = parameter(body, 'client_assertion');
  if (assertionType !== undefined || assertion !== undefined) {
    if (bodySecret !== undefined || (authorization !== undefined && authorization.trim() !== '')) {
      throw new InvalidRequestError('a client assertion cannot be combined with other client credentials; use one method (RFC 6749 §2.3)');
    }
    if (assertionType !== JWT_BEARER_ASSERTION_TYPE || assertion === undefined) return undefined;
    return { method: 'private_key_jwt', clientId: bodyId ?? assertionSubject(assertion), clientAssertion: assertion };
  }

  if (authorization !== undefined && authorization.trim() !== '') {
    if (!isBasicAuthorization(authorization)) return undefined;
    const basic = parseBasicAuthorization(authorization);
    if (bodySecret !== undefined) {
      throw new InvalidRequestError('client credentials are in both the Authorization header and the body; use one method (RFC 6749 §2.3)');
    }
    // RFC 6749 §2.3.1 lets a client repeat its id in the body; it must then be the same id.
    if (bodyId !== undefined && bodyId !== basic.clientId) {
      throw new InvalidRequestError('client_id in the body differs from the one in the Authorization header');
    }
    return { method: 'client_secret_basic', clientId: basic.clientId, clientSecret: basic.clientSecret };
  }
  if (bodySecret !== undefined) {
    if (bodyId === undefined) throw new InvalidRequestError('client_secret needs client_id in the body (RFC 6749 §2.3.1)');
    return { method: 'client_secret_post', clientId: bodyId, clientSecret: bodySecret };
  }
  if (bodyId !== undefined) return { method: 'none', clientId: bodyId };
  return undefined;
}

/**
 * The unverified `sub` of an assertion (RFC 7523 §3: the client id), to find the client whose keys
 * verify it; empty when there is none (the client is then unknown).
 */
function assertionSubject(assertion: string): string {
  try {
    const sub = decodeJwt(assertion).sub;
    return typeof sub === 'string' ? sub : '';
  } catch {
    return '';
  }
}

/** A parameter that must be one string when present (a host's parser may make arrays of repeats). */
function parameter(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidRequestError(`${name} must be a single string (RFC 6749 §3.2: parameters MUST NOT repeat)`);
  return value;
}

import { DcrError } from '../../dcr';

/**
 * An authorization request refused on a page of the authorization server, not at the client:
 * RFC 6749 §4.1.2.1 forbids redirecting when the client or its redirect URI cannot be trusted,
 * and a consent form that is missing or spent has no request to answer.
 */
export class AuthorizationPageError extends DcrError {
  constructor(readonly error: string, description: string, readonly status: 400 | 403 = 400) {
    super(description);
  }
}

/** An authorization request refused at the client's (verified) redirect URI: RFC 6749 §4.1.2.1. */
export class AuthorizationRedirectError extends Error {
  constructor(
    readonly redirectUri: string,
    readonly state: string | undefined,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * Why the guarded fetcher refused a URL or its answer.
 * - `invalid_url`: not an absolute https URL (or http on loopback in development), userinfo, an
 *   unusual IPv4 spelling of the host, or an unparsable URL
 * - `special_use_address`: the host is, or resolves to, a special-use address (RFC 6890)
 * - `dns`: the host name does not resolve
 * - `redirect`: a 3xx answer (redirects are never followed)
 * - `status`: any other answer than 200
 * - `too_large`: the body is over the byte cap (declared or streamed)
 * - `length_mismatch`: the body is shorter than its `Content-Length`
 * - `timeout`: the whole exchange (DNS, connect, TLS, headers, body) missed its deadline
 * - `tls`: the TLS handshake or the server certificate failed
 * - `network`: the connection failed or broke
 * @publicApi
 */
export type FetchRefusalReason =
  | 'invalid_url' | 'special_use_address' | 'dns' | 'redirect' | 'status' | 'too_large'
  | 'length_mismatch' | 'timeout' | 'tls' | 'network';

const MESSAGES: Record<FetchRefusalReason, string> = {
  invalid_url: 'the URL is not an acceptable https URL',
  special_use_address: 'the URL host is or resolves to a special-use address',
  dns: 'the URL host does not resolve',
  redirect: 'the server answered with a redirect, which is not followed',
  status: 'the server did not answer 200',
  too_large: 'the document is larger than allowed',
  length_mismatch: 'the document length does not match its Content-Length',
  timeout: 'the server did not deliver the document in time',
  tls: 'the TLS connection to the server failed',
  network: 'the connection to the server failed',
};

/**
 * The guarded fetcher refused a URL or its answer. `message` is short, fixed per reason (plus the
 * status code for `redirect` and `status`) and safe to show a client: it never contains the
 * response body or a resolved address. The underlying error, if any, is `cause`, for logs only.
 * @publicApi
 */
export class FetchRefusedError extends Error {
  constructor(
    readonly reason: FetchRefusalReason,
    message: string = MESSAGES[reason],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FetchRefusedError';
  }

  /** The refusal for an answer with HTTP `status` other than 200. @internal */
  static forStatus(status: number): FetchRefusedError {
    return status >= 300 && status < 400
      ? new FetchRefusedError('redirect', `the server answered ${status}; redirects are not followed`)
      : new FetchRefusedError('status', `the server answered ${status}, not 200`);
  }
}

import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { type DcrHttpRequest, rawRequestOf } from '../http/http-request';

/** Longest forwarded certificate header read (a URL-encoded PEM of a few KB is well below). */
const MAX_HEADER_LENGTH = 16 * 1024;

/**
 * A client certificate as the host hands it to `ClientAuthenticator` when it reads it itself
 * (another server stack, a proxy header in its own format).
 * @publicApi
 */
export interface PresentedClientCertificate {
  /** DER bytes, PEM text, or a parsed certificate. */
  certificate: Buffer | string | X509Certificate;
  /**
   * Whether the TLS listener (or the proxy in front of it) verified the certificate's chain
   * against the CAs the host trusts for `tls_client_auth`. RFC 8705 §2.1: the chain check is the
   * TLS layer's; `tls_client_auth` is refused without it. `self_signed_tls_client_auth` does not
   * need it (RFC 8705 §2.2).
   */
  chainVerified: boolean;
}

/** The certificate `ClientAuthenticator` checks, parsed. @internal */
export interface ClientCertificate {
  certificate: X509Certificate;
  chainVerified: boolean;
  /** Where it came from, for the log line of a failure. */
  source: 'host' | 'tls' | 'header';
}

/** What is read to find the client certificate. @internal */
export interface CertificateSources {
  certificate?: PresentedClientCertificate;
  request?: DcrHttpRequest;
  /** `clientAuthentication.mtls.certificateHeader`, lowercased; absent: never read. */
  header?: string;
  /** `clientAuthentication.mtls.verifiedHeader`, lowercased; absent: the proxy verifies all it forwards. */
  verifiedHeader?: string;
}

/** Why no certificate could be had; `undefined` from `clientCertificate` is "none presented". @internal */
export class UnreadableCertificate extends Error {}

/**
 * The client certificate of a token request: the one the host passed, else, when the module is
 * configured with a `certificateHeader` and the request carries it, that header's URL-encoded PEM
 * (the proxy that set it vouches for the chain, or says in `verifiedHeader` whether it checked
 * it: only `SUCCESS` counts), else the peer certificate of the request's TLS
 * socket (`chainVerified` = the socket's `authorized`: the listener checked it against its CAs).
 * Undefined when there is none; throws `UnreadableCertificate` when what was sent is not one.
 * @internal
 */
export function clientCertificate(sources: CertificateSources): ClientCertificate | undefined {
  if (sources.certificate) {
    return { certificate: parse(sources.certificate.certificate), chainVerified: sources.certificate.chainVerified === true, source: 'host' };
  }
  if (!sources.request) return undefined;
  if (sources.header !== undefined) {
    const value = sources.request.headers[sources.header];
    if (value !== undefined && value !== '') {
      if (typeof value !== 'string' || value.length > MAX_HEADER_LENGTH) throw new UnreadableCertificate('the certificate header is repeated or too long');
      let pem: string;
      try {
        pem = decodeURIComponent(value);
      } catch {
        throw new UnreadableCertificate('the certificate header is not URL-encoded');
      }
      const chainVerified = sources.verifiedHeader === undefined || sources.request.headers[sources.verifiedHeader] === 'SUCCESS';
      return { certificate: parse(pem), chainVerified, source: 'header' };
    }
  }
  const socket = rawRequestOf(sources.request).socket as Partial<TLSSocket> | undefined;
  if (typeof socket?.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || !Buffer.isBuffer(peer.raw) || peer.raw.length === 0) return undefined;
  return { certificate: parse(peer.raw), chainVerified: socket.authorized === true, source: 'tls' };
}

function parse(certificate: Buffer | string | X509Certificate): X509Certificate {
  if (certificate instanceof X509Certificate) return certificate;
  try {
    return new X509Certificate(certificate);
  } catch {
    throw new UnreadableCertificate('not an X.509 certificate');
  }
}

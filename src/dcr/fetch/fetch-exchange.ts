import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Deadline } from './deadline';
import { FetchRefusedError } from './fetch-refused.error';
import type { ResolvedAddress, ResolvedGuardedFetcherOptions } from './fetch-options';
import type { VettedUrl } from './fetch-url';
import { pinAddress } from './pinned-address';
import { isLoopbackAddress } from './special-use-address';

/** A 200 answer, read whole and within the byte cap. @internal */
export interface ExchangeAnswer {
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly cacheControl: string | undefined;
  readonly age: string | undefined;
}

// Node's own limit is 16 KiB; a document server has no reason to send more header than that.
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * One GET of a vetted URL under one deadline: the address is resolved and vetted once
 * (`pinAddress`), the connection goes to that address (the host name is only the TLS server name
 * and the `Host` header), no redirect is followed, only 200 is accepted and the body is capped.
 * @internal
 */
export async function exchange(
  target: VettedUrl,
  options: ResolvedGuardedFetcherOptions,
  accept: string,
): Promise<ExchangeAnswer> {
  const deadline = new Deadline(options.timeoutMs);
  try {
    const pinned = await pinAddress(target, options, deadline);
    return await get(target, pinned, options, accept, deadline);
  } finally {
    deadline.clear();
  }
}

function get(
  target: VettedUrl,
  pinned: ResolvedAddress,
  options: ResolvedGuardedFetcherOptions,
  accept: string,
  deadline: Deadline,
): Promise<ExchangeAnswer> {
  const { url } = target;
  const secure = url.protocol === 'https:';
  const extraCa = options.development.loopbackCaPem;
  const requestOptions: RequestOptions & { servername?: string; ca?: string[] } = {
    method: 'GET',
    host: pinned.address,
    family: pinned.family,
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    headers: { host: url.host, accept, 'accept-encoding': 'identity', 'user-agent': 'nestjs-dcr' },
    // A fresh connection per fetch: nothing pooled can carry another host's address.
    agent: false,
    // The address is already chosen; should anything ask to resolve the name again, it gets the same one.
    lookup: pinnedLookup(pinned),
    maxHeaderSize: MAX_HEADER_BYTES,
  };
  // SNI and certificate check against the name written in the URL (an IP literal checks its IP SAN).
  if (secure && !target.literal) requestOptions.servername = target.hostname;
  if (secure && extraCa.length > 0 && isLoopbackAddress(pinned.address)) requestOptions.ca = [...rootCertificates, ...extraCa];

  return new Promise<ExchangeAnswer>((resolve, reject) => {
    let settled = false;
    let connected = false;
    let secured = false;
    const body: BodyState = { declared: undefined };
    const request = (secure ? httpsRequest : httpRequest)(requestOptions);
    const finish = (error: FetchRefusedError | undefined, answer?: ExchangeAnswer): void => {
      if (settled) return;
      settled = true;
      stopDeadline();
      // The body is read whole or refused: either way the connection has nothing more to give.
      request.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    const stopDeadline = deadline.onExpiry((error) => finish(error));

    request.on('socket', (socket) => {
      socket.once('connect', () => { connected = true; });
      socket.once('secureConnect', () => { secured = true; });
    });
    request.on('error', (error: Error & { code?: string }) => {
      // Bytes after the declared body make the HTTP parser fail on the connection.
      const overrun = body.declared !== undefined && typeof error.code === 'string' && error.code.startsWith('HPE_');
      finish(overrun ? new FetchRefusedError('length_mismatch', undefined, { cause: error }) : connectionError(error, secure && connected && !secured));
    });
    request.on('response', (response) => read(response, options.maxBytes, body, finish));
    request.end();
  });
}

interface BodyState {
  /** The `Content-Length` of the answer, once its headers are in. */
  declared: number | undefined;
}

function read(
  response: IncomingMessage,
  maxBytes: number,
  state: BodyState,
  finish: (error: FetchRefusedError | undefined, answer?: ExchangeAnswer) => void,
): void {
  if (response.statusCode !== 200) return finish(FetchRefusedError.forStatus(response.statusCode ?? 0));
  const header = response.headers['content-length'];
  const declared = header === undefined ? undefined : /^\d+$/.test(header) ? Number(header) : NaN;
  if (Number.isNaN(declared)) return finish(new FetchRefusedError('length_mismatch'));
  state.declared = declared;
  if (declared !== undefined && declared > maxBytes) return finish(new FetchRefusedError('too_large'));

  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) finish(new FetchRefusedError('too_large'));
    else chunks.push(chunk);
  });
  // Node's parser ends a body at exactly its Content-Length: a shorter one never reaches 'end'
  // (see `broken`), a longer one fails the connection (see the request's 'error').
  response.on('end', () => {
    finish(undefined, {
      body: Buffer.concat(chunks, size),
      contentType: response.headers['content-type'],
      cacheControl: headerText(response, 'cache-control'),
      age: headerText(response, 'age'),
    });
  });
  // The connection ended before the body did: shorter than declared, or simply broken.
  const broken = (error?: Error): void => {
    if (response.complete) return;
    finish(declared !== undefined && size < declared
      ? new FetchRefusedError('length_mismatch', undefined, { cause: error })
      : new FetchRefusedError('network', undefined, { cause: error }));
  };
  response.on('error', broken);
  response.on('close', () => broken());
}

function headerText(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

function connectionError(error: Error & { code?: string }, duringHandshake: boolean): FetchRefusedError {
  if (error instanceof FetchRefusedError) return error;
  const tls = duringHandshake || (typeof error.code === 'string' && TLS_CODES.test(error.code));
  return new FetchRefusedError(tls ? 'tls' : 'network', undefined, { cause: error });
}

function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

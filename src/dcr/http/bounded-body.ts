import { ClientDisconnectedError } from '../errors/client-disconnected.error';
import { DcrHttpRequest, rawRequestOf } from './http-request';

/** After this many bytes past the limit the connection is dropped instead of drained. */
const MAX_DRAIN_BYTES = 1024 * 1024;

/**
 * The whole body, or undefined as soon as it exceeds `limit`: the caller answers 413 at once, so
 * a client that reads while it sends sees the answer, and the rest of the body is read and
 * discarded; past `MAX_DRAIN_BYTES` more, the connection is dropped. A connection that closes or
 * fails before the end of a body within the limit rejects with `ClientDisconnectedError`.
 * @internal
 */
export function readAtMost(request: DcrHttpRequest, limit: number): Promise<Buffer | undefined> {
  const stream = rawRequestOf(request);
  return new Promise((resolve, reject) => {
    // Gone while a guard or the rate limit ran: its 'close' was before these listeners.
    if (stream.destroyed) return reject(new ClientDisconnectedError('closed'));
    let chunks: Buffer[] = [];
    let size = 0;
    // Every request ends with 'close'; the error (and its stack) is made only when it settles something.
    let settled = false;
    const settle = (body: Buffer | undefined) => {
      settled = true;
      resolve(body);
    };
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      reject(new ClientDisconnectedError(reason));
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks = [];
      settle(undefined);
      if (size > limit + MAX_DRAIN_BYTES) stream.destroy();
    });
    stream.on('end', () => settle(size <= limit ? Buffer.concat(chunks, size) : undefined));
    stream.on('close', () => fail('closed'));
    stream.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}

/**
 * Starts discarding a body we refuse without reading it, so that the refusal can be answered at
 * once; an endless body is dropped (see `readAtMost`). @internal
 */
export function drain(request: DcrHttpRequest): void {
  readAtMost(request, 0).catch(() => undefined);
}

/** UTF-8 text of `raw`, or undefined when it is not valid UTF-8 (a leading BOM is dropped). @internal */
export function utf8Text(raw: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return undefined;
  }
}

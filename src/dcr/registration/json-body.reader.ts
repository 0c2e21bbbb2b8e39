import { bodyAlreadyRead, DcrHttpRequest, rawRequestOf } from '../http/http-request';
import { ClientDisconnectedError } from '../errors/client-disconnected.error';
import { InvalidClientMetadataError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/dcr.error';
import { METADATA_LIMITS } from './client-metadata.bounds';
import { duplicateMember } from './duplicate-member';

/** After this many bytes past the limit the connection is dropped instead of drained. */
const MAX_DRAIN_BYTES = 1024 * 1024;
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** JSON:API's media type, which its clients send without parameters (jsonapi.org, content negotiation). */
const JSON_API_MEDIA_TYPE = /^application\/vnd\.api\+json$/i;

/**
 * Reads a JSON request body within `METADATA_LIMITS.maxBodyBytes`: 415 unless `application/json`
 * (UTF-8; with `acceptJsonApi`, also `application/vnd.api+json`), 413 when larger, 400
 * `invalid_client_metadata` when not UTF-8 or not JSON. When the host's global JSON parser already
 * read the body, its result is used and only the declared size is checked.
 * @internal
 */
export async function readJsonBody(request: DcrHttpRequest, acceptJsonApi = false): Promise<unknown> {
  const contentType = request.headers['content-type']?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType) && !(acceptJsonApi && JSON_API_MEDIA_TYPE.test(contentType))) {
    throw new UnsupportedMediaTypeError(`the request body must be application/json${acceptJsonApi ? ' or application/vnd.api+json' : ''}`);
  }
  const limit = METADATA_LIMITS.maxBodyBytes;
  // Made only when needed: an Error captures a stack trace, which costs on every request.
  const tooLarge = () => new PayloadTooLargeError(`the request body must not exceed ${limit} bytes`);
  if (Number(request.headers['content-length']) > limit) {
    drain(request);
    throw tooLarge();
  }
  if (bodyAlreadyRead(request)) return request.body;

  const raw = await readAtMost(request, limit);
  if (raw === undefined) throw tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    throw new InvalidClientMetadataError('the request body is not valid UTF-8');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InvalidClientMetadataError('the request body is not valid JSON');
  }
  const duplicate = duplicateMember(text);
  if (duplicate !== undefined) throw new InvalidClientMetadataError(`member "${duplicate.slice(0, 100)}" appears twice in one object`);
  return body;
}

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
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks = [];
      resolve(undefined);
      if (size > limit + MAX_DRAIN_BYTES) stream.destroy();
    });
    stream.on('end', () => resolve(size <= limit ? Buffer.concat(chunks, size) : undefined));
    // After 'end' or a resolve past the limit these settle nothing.
    stream.on('close', () => reject(new ClientDisconnectedError('closed')));
    stream.on('error', (error: NodeJS.ErrnoException) => reject(new ClientDisconnectedError(error.code ?? error.message)));
  });
}

/**
 * Starts discarding a body we refuse without reading it, so that the refusal can be answered at
 * once; an endless body is dropped (see `readAtMost`). @internal
 */
export function drain(request: DcrHttpRequest): void {
  readAtMost(request, 0).catch(() => undefined);
}

import type { BodyErrorFactory } from './body-error';
import { drain, readAtMost, utf8Text } from './bounded-body';
import { duplicateMember } from './duplicate-member';
import { bodyAlreadyRead, DcrHttpRequest } from './http-request';

const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** JSON:API's media type, which its clients send without parameters (jsonapi.org, content negotiation). */
const JSON_API_MEDIA_TYPE = /^application\/vnd\.api\+json$/i;

/** How an endpoint reads its JSON body. @publicApi */
export interface JsonBodyOptions {
  /** Largest body in bytes. */
  maxBytes: number;
  /** The endpoint's error for each problem (the reader knows no protocol). */
  error: BodyErrorFactory;
  /** Also accept JSON:API's `application/vnd.api+json`. @default false */
  acceptJsonApi?: boolean;
}

/**
 * Reads a JSON request body within `maxBytes`: 415 unless `application/json` (UTF-8; with
 * `acceptJsonApi`, also `application/vnd.api+json`), 413 when larger, 400 when not UTF-8, not
 * JSON, or when an object names a member twice. When the host's global JSON parser already read
 * the body, its result is used and only the declared size is checked.
 * @publicApi
 */
export async function readJsonBody(request: DcrHttpRequest, options: JsonBodyOptions): Promise<unknown> {
  const { maxBytes, error, acceptJsonApi = false } = options;
  const contentType = request.headers['content-type']?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType) && !(acceptJsonApi && JSON_API_MEDIA_TYPE.test(contentType))) {
    throw error(`the request body must be application/json${acceptJsonApi ? ' or application/vnd.api+json' : ''}`, 415);
  }
  // Made only when needed: an Error captures a stack trace, which costs on every request.
  const tooLarge = () => error(`the request body must not exceed ${maxBytes} bytes`, 413);
  if (Number(request.headers['content-length']) > maxBytes) {
    drain(request);
    throw tooLarge();
  }
  if (bodyAlreadyRead(request)) return request.body;

  const raw = await readAtMost(request, maxBytes);
  if (raw === undefined) throw tooLarge();
  const text = utf8Text(raw);
  if (text === undefined) throw error('the request body is not valid UTF-8', 400);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw error('the request body is not valid JSON', 400);
  }
  const duplicate = duplicateMember(text);
  if (duplicate !== undefined) throw error(`member "${duplicate.slice(0, 100)}" appears twice in one object`, 400);
  return body;
}

import type { DcrHttpRequest } from '../http/http-request';
import { ClientDisconnectedError } from '../errors/client-disconnected.error';
import { DcrError } from '../errors/dcr.error';
import { InvalidRequestError } from '../errors/dcr.error';
import { readJsonBody } from '../registration/json-body.reader';
import { requireObject } from './admin-input.rules';

/**
 * The JSON object body of an admin request, read with the module's bounded JSON reader (64 KiB,
 * UTF-8, `application/json` or JSON:API's `application/vnd.api+json`), its errors reported as
 * `invalid_request`. With `optional`, a request without a body reads as `{}`.
 * @internal
 */
export async function readAdminBody(request: DcrHttpRequest, optional = false): Promise<Record<string, unknown>> {
  if (optional && !hasBody(request)) return {};
  let body: unknown;
  try {
    body = await readJsonBody(request, true);
  } catch (error) {
    // A client gone mid-body keeps its own error, which the filter logs at debug level.
    if (error instanceof DcrError && !(error instanceof ClientDisconnectedError) && [400, 413, 415].includes(error.status)) {
      throw new InvalidRequestError(error.description, error.status as 400 | 413 | 415);
    }
    throw error;
  }
  return requireObject(body, 'body');
}

function hasBody(request: DcrHttpRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return length.trim() !== '0';
  return request.headers['transfer-encoding'] !== undefined;
}

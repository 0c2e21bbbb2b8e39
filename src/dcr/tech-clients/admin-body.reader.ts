import { InvalidRequestError } from '../errors/dcr.error';
import type { DcrHttpRequest } from '../http/http-request';
import { readJsonBody } from '../http/json-body.reader';
import { requireObject } from './admin-input.rules';

/** An admin document is a few short members. */
const ADMIN_BODY_MAX_BYTES = 64 * 1024;

/**
 * The JSON object body of an admin request, read with the module's bounded JSON reader (64 KiB,
 * UTF-8, `application/json` or JSON:API's `application/vnd.api+json`), its errors reported as
 * `invalid_request` with their status. With `optional`, a request without a body reads as `{}`.
 * @internal
 */
export async function readAdminBody(request: DcrHttpRequest, optional = false): Promise<Record<string, unknown>> {
  if (optional && !hasBody(request)) return {};
  const body = await readJsonBody(request, {
    maxBytes: ADMIN_BODY_MAX_BYTES,
    error: (description, status) => new InvalidRequestError(description, status),
    acceptJsonApi: true,
  });
  return requireObject(body, 'body');
}

function hasBody(request: DcrHttpRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return length.trim() !== '0';
  return request.headers['transfer-encoding'] !== undefined;
}

import { applyDecorators } from '@nestjs/common';
import { OAuthErrorDto } from './oauth-error.dto';
import { ApiResponse } from './swagger.decorators';

/** What each status means on the module's routes. */
const MEANINGS: Record<number, string> = {
  400: 'Invalid request or metadata (RFC 7591 §3.2.2 codes on the registration endpoint, invalid_request elsewhere); also a body that is not UTF-8 JSON or has a member twice',
  401: 'Missing, malformed or unknown token (RFC 6750 §3.1 invalid_token), with WWW-Authenticate',
  403: 'Not allowed (a guard refused the request, or the client may not be managed)',
  404: 'Unknown client (RFC 7592: answered as 401 invalid_token on the client configuration endpoint)',
  409: 'Conflict with the current state (for example a concurrent change)',
  412: 'If-Match names another version than the current one',
  413: 'The body is larger than the limit (64 KiB for JSON, 16 KiB for a token request)',
  415: 'The body is not of the accepted media type',
  429: 'Rate limit or failed-authentication throttle reached, with Retry-After',
  500: 'Unexpected error (server_error, no details)',
  503: 'The database is unavailable, with Retry-After',
};

/**
 * OpenAPI responses `{ error, error_description }` for the given statuses.
 * @internal
 */
export function ApiOAuthErrors(...statuses: number[]): MethodDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: MEANINGS[status], type: OAuthErrorDto })));
}

import { ApiProperty } from './swagger.decorators';

/**
 * Every error answer of the module's endpoints (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 6750 §3.1):
 * `{ error, error_description }`, with `Cache-Control: no-store`.
 * @publicApi
 */
export class OAuthErrorDto {
  @ApiProperty({
    description: 'Error code. RFC 7591 §3.2.2: invalid_redirect_uri, invalid_client_metadata, invalid_software_statement, unapproved_software_statement; RFC 6750 §3.1: invalid_token, invalid_request; RFC 6749 §5.2 (token endpoint): invalid_client, invalid_grant, unauthorized_client, unsupported_grant_type, invalid_scope; also too_many_requests, server_error, and for the admin API not_found, conflict, precondition_failed, access_denied',
    example: 'invalid_client_metadata',
  })
  error: string;

  @ApiProperty({ description: 'Human-readable ASCII text saying what is wrong (RFC 6749 §5.2).', example: 'grant_types: "password" is not allowed' })
  error_description: string;
}

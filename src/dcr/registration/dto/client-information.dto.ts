import { ApiProperty, ApiPropertyOptional } from '../../openapi/swagger.decorators';
import { ClientMetadataDto } from './client-metadata.dto';

/**
 * RFC 7591 §3.2.1 client information response (also RFC 7592 §3 read and update answers): the
 * registered metadata plus the credentials. Secrets and tokens appear only in the answer that
 * issued them. Answered with `Cache-Control: no-store`.
 * @publicApi
 */
export class ClientInformationDto extends ClientMetadataDto {
  @ApiProperty({ description: 'OAuth 2.0 client identifier string.', example: '2f0c2b0e-0b8f-4c39-9d0a-7d8e3c1b5a61' })
  client_id: string;

  @ApiPropertyOptional({ description: 'OAuth 2.0 client secret string; absent for public clients (token_endpoint_auth_method "none"). Shown once.' })
  client_secret?: string;

  @ApiProperty({ type: 'integer', description: 'Time at which the client identifier was issued, in seconds since 1970-01-01T00:00:00Z UTC.', example: 1764238530 })
  client_id_issued_at: number;

  @ApiPropertyOptional({ type: 'integer', description: 'REQUIRED if client_secret is issued. Time at which the client secret will expire, in seconds since the epoch, or 0 if it will not expire.', example: 0 })
  client_secret_expires_at?: number;

  @ApiPropertyOptional({ description: 'RFC 7592 §3: string used to access the client configuration endpoint as a bearer token. Shown once (rotated when the server rotates it).' })
  registration_access_token?: string;

  @ApiPropertyOptional({ type: 'string', format: 'uri', description: 'RFC 7592 §3: fully qualified URL of the client configuration endpoint for this client.' })
  registration_client_uri?: string;
}

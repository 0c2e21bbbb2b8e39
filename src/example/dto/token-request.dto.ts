import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 6749 §4.4.2 access token request of the client credentials grant (form-encoded). */
export class TokenRequestDto {
  @ApiProperty({ enum: ['client_credentials'], description: 'RFC 6749 §4.4.2: value MUST be set to "client_credentials".' })
  grant_type: string;

  @ApiPropertyOptional({ description: 'RFC 6749 §3.3: space-delimited scopes; only scopes registered for the client are granted.', example: 'read' })
  scope?: string;

  @ApiPropertyOptional({ description: 'RFC 6749 §2.3.1 client_secret_post: the client identifier (instead of HTTP Basic).' })
  client_id?: string;

  @ApiPropertyOptional({ description: 'RFC 6749 §2.3.1 client_secret_post: the client secret (instead of HTTP Basic).' })
  client_secret?: string;
}

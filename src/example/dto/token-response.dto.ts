import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 6749 §5.1 successful access token response. */
export class TokenResponseDto {
  @ApiProperty({ description: 'The access token issued by the authorization server (a signed JWT here).' })
  access_token: string;

  @ApiProperty({ enum: ['Bearer'], description: 'RFC 6749 §7.1 type of the token issued.' })
  token_type: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Lifetime in seconds of the access token.', example: 600 })
  expires_in: number;

  @ApiPropertyOptional({ description: 'RFC 6749 §1.5 refresh token, for an authorization code or refresh grant of a client that registered refresh_token.' })
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'RFC 6749 §3.3 scope of the access token, when it has any.', example: 'read' })
  scope?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 6749 §4.1.3, §4.4.2 and §6 access token request (form-encoded). */
export class TokenRequestDto {
  @ApiProperty({ enum: ['authorization_code', 'refresh_token', 'client_credentials'], description: 'RFC 6749 §4.1.3, §6, §4.4.2: the grant type.' })
  grant_type: string;

  @ApiPropertyOptional({ description: 'authorization_code: the code from the authorization response (single use, 60 s).' })
  code?: string;

  @ApiPropertyOptional({ description: 'authorization_code: the redirect_uri of the authorization request, exactly.' })
  redirect_uri?: string;

  @ApiPropertyOptional({ description: 'authorization_code: RFC 7636 §4.5 PKCE code verifier.' })
  code_verifier?: string;

  @ApiPropertyOptional({ description: 'refresh_token: the refresh token (rotated: each one works once).' })
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'RFC 6749 §3.3: space-separated scopes; only scopes registered for the client (and, when refreshing, granted) are issued.', example: 'read' })
  scope?: string;

  @ApiPropertyOptional({ description: 'RFC 8707: the resource of the authorization request, repeated (optional).' })
  resource?: string;

  @ApiPropertyOptional({ description: 'RFC 6749 §2.3.1 client_secret_post, or a public client (none): the client identifier.' })
  client_id?: string;

  @ApiPropertyOptional({ description: 'RFC 6749 §2.3.1 client_secret_post: the client secret (instead of HTTP Basic).' })
  client_secret?: string;

  @ApiPropertyOptional({ description: 'RFC 7523 §2.2 private_key_jwt: urn:ietf:params:oauth:client-assertion-type:jwt-bearer.' })
  client_assertion_type?: string;

  @ApiPropertyOptional({ description: 'RFC 7523 §2.2 private_key_jwt: a JWT signed with a key the client registered (iss = sub = client_id, aud the issuer or this endpoint, exp, jti single-use).' })
  client_assertion?: string;
}

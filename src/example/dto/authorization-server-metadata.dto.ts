import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const URI = { type: 'string', format: 'uri' } as const;

/** RFC 8414 §2 authorization server metadata, as the example host publishes it. */
export class AuthorizationServerMetadataDto {
  @ApiProperty({ ...URI, description: "The authorization server's issuer identifier (https URL, no query or fragment)." })
  issuer: string;

  @ApiProperty({ ...URI, description: "URL of the authorization server's authorization endpoint (RFC 6749)." })
  authorization_endpoint: string;

  @ApiProperty({ ...URI, description: "URL of the authorization server's token endpoint (RFC 6749)." })
  token_endpoint: string;

  @ApiProperty({ ...URI, description: "URL of the authorization server's JWK Set document." })
  jwks_uri: string;

  @ApiProperty({ ...URI, description: "URL of the authorization server's OAuth 2.0 Dynamic Client Registration endpoint (RFC 7591)." })
  registration_endpoint: string;

  @ApiPropertyOptional({ type: [String], description: 'OAuth 2.0 scope values this server supports.' })
  scopes_supported?: string[];

  @ApiProperty({ type: [String], description: 'OAuth 2.0 response_type values this server supports.' })
  response_types_supported: string[];

  @ApiPropertyOptional({ type: [String], description: 'OAuth 2.0 grant type values this server supports.' })
  grant_types_supported?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Client authentication methods supported by the token endpoint.' })
  token_endpoint_auth_methods_supported?: string[];

  @ApiProperty({ type: [String], description: 'RFC 7636 code challenge methods this server supports (S256 only).' })
  code_challenge_methods_supported: string[];

  @ApiProperty({ description: 'RFC 9207: the authorization response carries an iss parameter.' })
  authorization_response_iss_parameter_supported: boolean;

  @ApiPropertyOptional({ description: 'The server accepts client IDs that are URLs of client ID metadata documents (present only when enabled).' })
  client_id_metadata_document_supported?: boolean;

  @ApiPropertyOptional({ description: 'RFC 8705 §3.3: access tokens of clients that authenticate with a certificate are bound to it (cnf x5t#S256).' })
  tls_client_certificate_bound_access_tokens?: boolean;

  @ApiPropertyOptional({ description: 'RFC 9126 §5: authorization requests must be pushed first (present where the server has the fapi2 profile).' })
  require_pushed_authorization_requests?: boolean;
}

/** The same metadata at the OpenID Connect Discovery 1.0 location, with its REQUIRED members. */
export class OpenIdConfigurationDto extends AuthorizationServerMetadataDto {
  @ApiProperty({ type: [String], description: 'OpenID Connect Discovery §3 (REQUIRED): "public"; the host has no pairwise subjects.' })
  subject_types_supported: string[];

  @ApiProperty({ type: [String], description: 'OpenID Connect Discovery §3 (REQUIRED; RS256 must be listed). The example host issues no ID token.' })
  id_token_signing_alg_values_supported: string[];
}

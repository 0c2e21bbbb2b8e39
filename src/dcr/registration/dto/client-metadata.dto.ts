import { ApiProperty, ApiPropertyOptional } from '../../openapi/swagger.decorators';

const URI = { type: 'string', format: 'uri' } as const;

/**
 * RFC 7591 §2 client metadata: the body of a registration request (§3.1). Every field is
 * optional; the server applies its policy (processors) and may drop or replace values, and
 * answers with what it registered. Unknown members are ignored. Field texts follow RFC 7591 §2.
 *
 * Unlike the admin API's request classes, this one carries no `class-validator` rules on
 * purpose: RFC 7591 decides per member whether a value the server does not accept is dropped,
 * replaced or refused (`invalid_client_metadata`, `invalid_redirect_uri`), and ignores unknown
 * members, which whitelist validation would refuse. The metadata processors apply those rules;
 * this class is the OpenAPI schema only.
 * @publicApi
 */
export class ClientMetadataDto {
  @ApiPropertyOptional({ type: [String], items: URI, description: 'Redirection URI strings for redirect-based flows (authorization code, implicit).', example: ['https://app.example.com/callback'] })
  redirect_uris?: string[];

  @ApiPropertyOptional({ description: 'Requested authentication method for the token endpoint: none, client_secret_post, client_secret_basic, private_key_jwt, tls_client_auth, self_signed_tls_client_auth (what the server allows is configured).', example: 'client_secret_basic' })
  token_endpoint_auth_method?: string;

  @ApiPropertyOptional({ type: [String], description: 'OAuth 2.0 grant types the client will restrict itself to using.', example: ['client_credentials'] })
  grant_types?: string[];

  @ApiPropertyOptional({ type: [String], description: 'OAuth 2.0 response types the client will restrict itself to using.', example: [] })
  response_types?: string[];

  @ApiPropertyOptional({ description: 'Human-readable name of the client to be presented to the end user. Language-tagged variants (`client_name#de`) are accepted too.', example: 'Example App' })
  client_name?: string;

  @ApiPropertyOptional({ ...URI, description: 'URL of a web page providing information about the client.' })
  client_uri?: string;

  @ApiPropertyOptional({ ...URI, description: 'URL that references a logo for the client.' })
  logo_uri?: string;

  @ApiPropertyOptional({ description: 'Space-separated scope values the client can use when requesting access tokens.', example: 'read write' })
  scope?: string;

  @ApiPropertyOptional({ type: [String], description: 'Ways to contact people responsible for this client, typically email addresses.', example: ['ops@example.com'] })
  contacts?: string[];

  @ApiPropertyOptional({ ...URI, description: 'URL of a human-readable terms of service document for the client.' })
  tos_uri?: string;

  @ApiPropertyOptional({ ...URI, description: 'URL of a human-readable privacy policy document for the client.' })
  policy_uri?: string;

  @ApiPropertyOptional({ ...URI, description: "URL referencing the client's JSON Web Key Set document (not together with jwks)." })
  jwks_uri?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "Client's JSON Web Key Set document value, by value (not together with jwks_uri)." })
  jwks?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'RFC 8705 §2.1.2, tls_client_auth: the expected subject distinguished name of the client certificate (RFC 4514 string). Exactly one tls_client_auth_* member.', example: 'CN=client,O=Example,C=DE' })
  tls_client_auth_subject_dn?: string;

  @ApiPropertyOptional({ description: 'RFC 8705 §2.1.2, tls_client_auth: the expected dNSName SAN of the client certificate.' })
  tls_client_auth_san_dns?: string;

  @ApiPropertyOptional({ description: 'RFC 8705 §2.1.2, tls_client_auth: the expected uniformResourceIdentifier SAN of the client certificate.' })
  tls_client_auth_san_uri?: string;

  @ApiPropertyOptional({ description: 'RFC 8705 §2.1.2, tls_client_auth: the expected iPAddress SAN of the client certificate (IPv4 or IPv6 text).' })
  tls_client_auth_san_ip?: string;

  @ApiPropertyOptional({ description: 'RFC 8705 §2.1.2, tls_client_auth: the expected rfc822Name SAN of the client certificate.' })
  tls_client_auth_san_email?: string;

  @ApiPropertyOptional({ type: 'boolean', description: 'RFC 9449 §5.2: the client always uses DPoP for token requests; its access tokens must be DPoP-bound. Default false.' })
  dpop_bound_access_tokens?: boolean;

  @ApiPropertyOptional({ description: 'Identifier of the client software, stable across instances and versions.', example: '4NRB1-0XZABZI9E6-5SM3R' })
  software_id?: string;

  @ApiPropertyOptional({ description: 'Version of the client software identified by software_id.', example: '2.1' })
  software_version?: string;

  @ApiPropertyOptional({ description: 'RFC 7591 §2.3 software statement: a JWT asserting metadata values about the client software, signed by a trusted issuer. Its claims win over the plain members.' })
  software_statement?: string;
}

/**
 * RFC 7592 §2.2 update request: the full metadata as the client wants it now, with its
 * `client_id` (and, when it has one, its current `client_secret`).
 * @publicApi
 */
export class ClientUpdateDto extends ClientMetadataDto {
  @ApiProperty({ description: 'RFC 7592 §2.2: MUST equal the client_id in the path.', example: '2f0c2b0e-0b8f-4c39-9d0a-7d8e3c1b5a61' })
  client_id: string;

  @ApiPropertyOptional({ description: 'RFC 7592 §2.2: when included, MUST equal the current client secret (it cannot be chosen by the client).' })
  client_secret?: string;
}

import { ApiProperty } from '../../openapi/swagger.decorators';

const NULLABLE_DATE = { type: 'string', format: 'date-time', nullable: true } as const;

/** Trust signals of a client (`ClientTrust`). @publicApi */
export class ClientTrustDto {
  /** @example "anonymous" */
  @ApiProperty({ enum: ['admin', 'initial_access_token', 'software_statement', 'metadata_document', 'anonymous'], description: 'How the client came to exist.' })
  arrival: 'admin' | 'initial_access_token' | 'software_statement' | 'metadata_document' | 'anonymous';
  /** Registration tier, for registered clients on a server with tiers. */
  @ApiProperty({ enum: ['anonymous', 'initialAccessToken', 'attested'], required: false, description: 'Registration tier of a registered client.' })
  tier?: 'anonymous' | 'initialAccessToken' | 'attested';
  /** @example "partner-onboarding" */
  @ApiProperty({ type: 'string', nullable: true, description: 'Initial access token id, software statement issuer, administrator, or metadata document origin; null when nothing vouched.', example: 'partner-onboarding' })
  vouchedBy: string | null;
  @ApiProperty({ description: 'An administrator, an initial access token or a trusted software statement vouched for it.' })
  vouched: boolean;
  /** @example ["app.example.com", "cursor:"] */
  @ApiProperty({ type: [String], description: 'Hosts of its http(s) redirect URIs and "scheme:" of private-use ones.', example: ['app.example.com', 'cursor:'] })
  redirectHosts: string[];
  @ApiProperty({ type: 'string', required: false, description: 'Host serving its client ID metadata document.' })
  documentHost?: string;
  @ApiProperty({ description: 'A public client (token_endpoint_auth_method "none"): PKCE is required of it.' })
  publicClient: boolean;
  /** @example "Claude" */
  @ApiProperty({ type: 'string', required: false, description: 'Reserved name its client_name resembles (confusable spellings included), when not vouched for.', example: 'Claude' })
  resemblesReservedName?: string;
}

/**
 * Attributes of a technical client in admin documents (the reference product's names). Never a
 * secret, token or digest.
 * @publicApi
 */
export class TechClientAttributesDto {
  /** Display name: the registered `client_name`, else "DCR OAuth 2.0 Client", or what an admin set. @example "Example App" */
  @ApiProperty({ description: 'Display name: the registered client_name, else "DCR OAuth 2.0 Client", or what an admin set.', example: 'Example App' })
  displayName: string;
  /** Searchable grouping such as an organisation or a stage. @example "acme-prod" */
  @ApiProperty({ type: 'string', nullable: true, description: 'Searchable grouping such as an organisation or a stage.', example: 'acme-prod' })
  label: string | null;
  /** Free text; not searchable. */
  @ApiProperty({ type: 'string', nullable: true, description: 'Free text; not searchable.' })
  description: string | null;
  /** A locked client is refused everywhere (client authentication, RFC 7592). */
  @ApiProperty({ description: 'A locked client is refused everywhere (client authentication, RFC 7592).' })
  locked: boolean;
  /** Why it was locked; null when unlocked. @example "Client reported to be hacked." */
  @ApiProperty({ type: 'string', nullable: true, description: 'Why it was locked; null when unlocked.', example: 'Client reported to be hacked.' })
  lockReason: string | null;
  /** When it was locked (ISO 8601); null when unlocked. */
  @ApiProperty({ ...NULLABLE_DATE, description: 'When it was locked; null when unlocked.' })
  lockDate: string | null;
  /** ISO 8601. @example "2026-11-27T10:15:30.000Z" */
  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-11-27T10:15:30.000Z' })
  creationDate: string;
  /** ISO 8601; changes with every admin or client change. */
  @ApiProperty({ type: 'string', format: 'date-time', description: 'Changes with every admin or client change.' })
  lastModified: string;
  /** Registered `software_id`. */
  @ApiProperty({ type: 'string', nullable: true, description: 'Registered software_id (RFC 7591 §2).' })
  softwareId: string | null;
  /** Registered `software_version`. */
  @ApiProperty({ type: 'string', nullable: true, description: 'Registered software_version (RFC 7591 §2).' })
  softwareVersion: string | null;
  /** @example "client_secret_basic" */
  @ApiProperty({ type: 'string', nullable: true, description: 'Registered token_endpoint_auth_method (RFC 7591 §2).', example: 'client_secret_basic' })
  tokenEndpointAuthMethod: string | null;
  /** Registered `grant_types`. @example ["client_credentials"] */
  @ApiProperty({ type: [String], description: 'Registered grant_types (RFC 7591 §2).', example: ['client_credentials'] })
  grantTypes: string[];
  /** How the client came to be. */
  @ApiProperty({ enum: ['dcr', 'admin', 'cimd'], description: 'How the client came to be: registered (RFC 7591), by an administrator, or from its client ID metadata document.' })
  source: 'dcr' | 'admin' | 'cimd';
  /** Id of the authorization server the client belongs to. @example "default" */
  @ApiProperty({ description: 'Id of the authorization server the client belongs to.', example: 'default' })
  authorizationServer: string;
  /** Whether a client secret is set (its value is never shown). */
  @ApiProperty({ description: 'Whether a client secret is set (its value is never shown).' })
  hasSecret: boolean;
  /** When the secret expires (ISO 8601); null when it never does or there is none. */
  @ApiProperty({ ...NULLABLE_DATE, description: 'When the secret expires; null when it never does or there is none.' })
  secretExpiryDate: string | null;
  /** Until when the previous secret still works after a rotation (ISO 8601), else null. */
  @ApiProperty({ ...NULLABLE_DATE, description: 'Until when the previous secret still works after a rotation, else null.' })
  previousSecretValidUntil: string | null;
  /** Last successful client authentication (ISO 8601, to the minute); null when never used. */
  @ApiProperty({ ...NULLABLE_DATE, description: 'Last successful client authentication (to the minute); null when never used.' })
  lastUseDate: string | null;
  /** How the client arrived and who vouched for it: what a consent screen shows. */
  @ApiProperty({ type: () => ClientTrustDto, description: 'How the client arrived and who vouched for it: what a consent screen shows.' })
  trust: ClientTrustDto;
}


/** One technical client as a JSON:API resource object. @publicApi */
export class TechClientResourceDto {
  @ApiProperty({ enum: ['tech-client'] })
  type: 'tech-client';
  /** The `client_id`. */
  @ApiProperty({ description: 'The client_id.' })
  id: string;
  @ApiProperty({ type: () => TechClientAttributesDto })
  attributes: TechClientAttributesDto;
  /** `version` is the ETag value (`If-Match: "3"`) for a conditional PATCH or DELETE. */
  @ApiProperty({ type: 'object', properties: { version: { type: 'integer', description: 'The ETag value (If-Match: "3") for a conditional PATCH or DELETE.' } }, required: ['version'] })
  meta: { version: number };
}

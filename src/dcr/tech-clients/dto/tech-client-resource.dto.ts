/**
 * Attributes of a technical client in admin documents (the reference product's names). Never a
 * secret, token or digest.
 * @publicApi
 */
export class TechClientAttributesDto {
  /** Display name: the registered `client_name`, else "DCR OAuth 2.0 Client", or what an admin set. @example "Example App" */
  displayName: string;
  /** Searchable grouping such as an organisation or a stage. @example "acme-prod" */
  label: string | null;
  /** Free text; not searchable. */
  description: string | null;
  /** A locked client is refused everywhere (client authentication, RFC 7592). */
  locked: boolean;
  /** Why it was locked; null when unlocked. @example "Client reported to be hacked." */
  lockReason: string | null;
  /** When it was locked (ISO 8601); null when unlocked. */
  lockDate: string | null;
  /** ISO 8601. @example "2026-11-27T10:15:30.000Z" */
  creationDate: string;
  /** ISO 8601; changes with every admin or client change. */
  lastModified: string;
  /** Registered `software_id`. */
  softwareId: string | null;
  /** Registered `software_version`. */
  softwareVersion: string | null;
  /** @example "client_secret_basic" */
  tokenEndpointAuthMethod: string | null;
  /** Registered `grant_types`. @example ["client_credentials"] */
  grantTypes: string[];
  /** How the client came to be. */
  source: 'dcr' | 'admin';
  /** Id of the authorization server the client belongs to. @example "default" */
  authorizationServer: string;
  /** Whether a client secret is set (its value is never shown). */
  hasSecret: boolean;
  /** When the secret expires (ISO 8601); null when it never does or there is none. */
  secretExpiryDate: string | null;
  /** Until when the previous secret still works after a rotation (ISO 8601), else null. */
  previousSecretValidUntil: string | null;
}

/** One technical client as a JSON:API resource object. @publicApi */
export class TechClientResourceDto {
  type: 'tech-client';
  /** The `client_id`. */
  id: string;
  attributes: TechClientAttributesDto;
  /** `version` is the ETag value (`If-Match: "3"`) for a conditional PATCH or DELETE. */
  meta: { version: number };
}

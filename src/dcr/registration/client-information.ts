import type { TechClientEntity } from '../persistence/tech-client.entity';

/**
 * RFC 7591 §3.2.1 client information response. Registered metadata come first; the credential
 * fields are set by the server.
 * @publicApi
 */
export interface ClientInformation extends Record<string, unknown> {
  client_id: string;
  client_id_issued_at: number;
  client_secret?: string;
  client_secret_expires_at?: number;
  registration_access_token?: string;
  registration_client_uri?: string;
}

/** Credentials shown once, on the answer that created them. @internal */
export interface IssuedCredentials {
  clientSecret?: string;
  registrationAccessToken?: string;
  registrationClientUri?: string;
}

/** Maps a stored client (and freshly issued credentials) to the wire format. @publicApi */
export function toClientInformation(client: TechClientEntity, issued: IssuedCredentials = {}): ClientInformation {
  const information: ClientInformation = {
    client_id: client.id,
    client_id_issued_at: Math.floor(client.createdAt / 1000),
  };
  if (issued.clientSecret !== undefined) information.client_secret = issued.clientSecret;
  if (client.secretDigest !== null) information.client_secret_expires_at = client.secretExpiresAt ?? 0;
  if (issued.registrationAccessToken !== undefined) information.registration_access_token = issued.registrationAccessToken;
  if (issued.registrationClientUri !== undefined) information.registration_client_uri = issued.registrationClientUri;
  // Server-set fields first in the JSON, and they win over any metadata of the same name.
  return { ...information, ...client.metadata, ...information };
}

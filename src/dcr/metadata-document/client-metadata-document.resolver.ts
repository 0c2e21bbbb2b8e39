import type { TechClientEntity } from '../persistence/tech-client.entity';

/**
 * Resolves a `client_id` that is the https URL of a client ID metadata document
 * (draft-ietf-oauth-client-id-metadata-document) to a stored technical client: the document is
 * fetched through the guarded fetcher, checked, run through the same processors as a
 * registration and stored with source `cimd`. Throws `ClientMetadataDocumentError` naming the
 * failure. Override with `{ provide: ClientMetadataDocumentResolver, useClass: … }`.
 * @publicApi
 */
export abstract class ClientMetadataDocumentResolver {
  abstract resolve(clientId: string, serverId: string): Promise<TechClientEntity>;
}

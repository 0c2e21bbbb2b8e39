import { DcrError } from './dcr.error';

/** Why a `client_id` URL did not resolve to a client. @publicApi */
export type ClientMetadataDocumentFailure =
  /** The URL is not one this server accepts (form, host, or documents off). */
  | 'invalid_client_id'
  /** The client is locked by an administrator. */
  | 'locked'
  /** The document could not be fetched (address, status, size, deadline, TLS, network). */
  | 'unavailable'
  /** The document was fetched and refused by the server's rules. */
  | 'invalid_document'
  /** The cap on clients from documents is reached. */
  | 'quota';

/**
 * A `client_id` that is a URL did not resolve to a client (draft-ietf-oauth-client-id-metadata-
 * document). 400 `invalid_client` with a description a developer can act on; a token endpoint
 * answers it as its own 401 `invalid_client`.
 * @publicApi
 */
export class ClientMetadataDocumentError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_client';

  constructor(readonly failure: ClientMetadataDocumentFailure, description: string) {
    super(description);
  }
}

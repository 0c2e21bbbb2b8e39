import { Inject, Injectable } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { ClientMetadataDocumentError } from '../errors/client-metadata-document.error';
import { UnknownClientError } from '../errors/unknown-client.error';
import { ClientMetadataDocumentResolver } from '../metadata-document/client-metadata-document.resolver';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { selectServerId } from '../options/server-selection';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { TechClientStore } from '../persistence/tech-client.store';
import { isUrlClientId } from '../vocabulary/client-id-url';
import { isPlausibleClientId } from '../vocabulary/client-vocabulary';
import { TechClientView, toClientView } from './client-view';

/**
 * The client a `client_id` names, for a host's authorization endpoint (and anything else that is
 * handed a `client_id` without credentials): a registered client from the store, or, for an
 * https URL where client ID metadata documents are on, the client of that document (fetched
 * and stored as needed). Throws `UnknownClientError` for an id that names no usable client
 * (unknown, another server's, or locked: one answer for all) and `ClientMetadataDocumentError`
 * when a document does not resolve (its `failure` says why); both are 400 `invalid_client`.
 * @publicApi
 */
@Injectable()
export class ClientResolver {
  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly store: TechClientStore,
    private readonly documents: ClientMetadataDocumentResolver,
  ) {}

  async resolve(clientId: string, serverId?: string): Promise<TechClientView> {
    return toClientView(await this.resolveEntity(clientId, selectServerId(this.options, serverId, 'ClientResolver')));
  }

  /** As `resolve`, with the stored row (digests included), for the module's own authentication. @internal */
  async resolveEntity(clientId: string, serverId: string): Promise<TechClientEntity> {
    if (isUrlClientId(clientId)) {
      if (!this.options.servers.get(serverId)?.clientIdMetadataDocument) {
        throw new ClientMetadataDocumentError('invalid_client_id', 'client_id: client ID metadata documents are not accepted by this server');
      }
      return this.documents.resolve(clientId, serverId);
    }
    const client = isPlausibleClientId(clientId) ? await this.store.findById(clientId) : null;
    // Unknown, another server's and locked are one answer: no oracle for which ids exist.
    if (!client || client.authorizationServer !== serverId || client.locked) throw new UnknownClientError();
    return client;
  }
}

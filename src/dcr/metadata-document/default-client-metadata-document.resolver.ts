import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { ClientMetadataDocumentError } from '../errors/client-metadata-document.error';
import { DcrError } from '../errors/dcr.error';
import { fetchDevelopmentWarning, type GuardedFetcherOptions } from '../fetch/fetch-options';
import { FetchRefusedError } from '../fetch/fetch-refused.error';
import { FetchedDocument, GuardedFetcher } from '../fetch/guarded-fetcher';
import { GuardedFetcherFactory } from '../fetch/guarded-fetcher.factory';
import { InFlight } from '../fetch/in-flight';
import { logLine } from '../logging/log-line';
import { DcrMetrics } from '../observability/dcr-metrics';
import { observedFetcher } from '../observability/observed-fetcher';
import { failureResult } from '../observability/result-code';
import type { ResolvedClientIdMetadataDocumentOptions, ResolvedDcrOptions, ResolvedServerOptions } from '../options/resolved-options';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { TechClientStore } from '../persistence/tech-client.store';
import { RegistrationFlow, RESOLVE_DOCUMENT } from '../registration/registration.flow';
import { clientIdUrlProblem } from '../vocabulary/client-id-url';
import { ClientMetadataDocumentResolver } from './client-metadata-document.resolver';
import { parseDocument } from './document-body';

/**
 * @default Resolution in this order, each refusal a `ClientMetadataDocumentError`: the URL's form
 * and host (no connection made for a refused one); the stored client (a locked one is refused
 * while its document is still served); the document through the server's guarded fetcher (its
 * cache follows `Cache-Control` within the configured bounds); on a fresh fetch the
 * `RESOLVE_DOCUMENT` steps of the registration flow, which store or update the client. A
 * document from the cache whose client is stored is not processed again.
 * @publicApi
 */
@Injectable()
export class DefaultClientMetadataDocumentResolver extends ClientMetadataDocumentResolver implements OnModuleInit {
  private readonly logger = new Logger('DcrMetadataDocument');
  private readonly fetchers = new Map<string, { fetcher: GuardedFetcher; warning?: string }>();
  /** Concurrent resolutions of one URL share one: one lookup, one fetch, one write. */
  private readonly resolving = new InFlight<TechClientEntity>();

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions,
    private readonly flow: RegistrationFlow,
    private readonly store: TechClientStore,
    fetchers: GuardedFetcherFactory,
    @Optional() private readonly metrics?: DcrMetrics,
  ) {
    super();
    for (const server of options.servers.values()) {
      if (!server.clientIdMetadataDocument) continue;
      const settings = fetcherOptions(server.clientIdMetadataDocument);
      const fetcher = fetchers.create(settings, 'client_id_metadata_document', server.id);
      const observed = observedFetcher(fetcher, (result) => this.metrics?.fetched('client_id_metadata_document', result));
      this.fetchers.set(server.id, { fetcher: observed, warning: fetchDevelopmentWarning(settings, `${server.id}: clientIdMetadataDocument.`) });
    }
  }

  onModuleInit(): void {
    for (const { warning } of this.fetchers.values()) if (warning) this.logger.warn(warning);
  }

  async resolve(clientId: string, serverId: string): Promise<TechClientEntity> {
    const server = this.flow.server(serverId);
    try {
      assertAcceptableUrl(clientId, acceptedHere(server));
      const client = await this.resolving.run(`${server.id} ${clientId}`, () => this.resolveOnce(server, clientId));
      this.metrics?.registration(server.id, 'resolve_document', 'resolved');
      return client;
    } catch (error) {
      this.metrics?.registration(server.id, 'resolve_document', error instanceof ClientMetadataDocumentError ? error.failure : failureResult(error));
      throw error;
    }
  }

  private async resolveOnce(server: ResolvedServerOptions, clientId: string): Promise<TechClientEntity> {
    const stored = await this.store.findById(clientId);
    if (stored && stored.authorizationServer !== server.id) {
      throw new ClientMetadataDocumentError('invalid_client_id', 'client_id: the URL names a client of another authorization server');
    }
    if (stored?.locked) throw new ClientMetadataDocumentError('locked', 'client_id: the client is locked by an administrator');

    let client: TechClientEntity | undefined;
    try {
      await this.fetchers.get(server.id)!.fetcher.fetch(clientId, {
        // Runs before the fetcher caches the document: one that is refused is never cached.
        validate: async (document) => {
          client = document.fromCache && stored ? stored : await this.process(server, clientId, document, stored ?? undefined);
        },
      });
    } catch (error) {
      throw this.failure(clientId, error);
    }
    return client!;
  }

  private async process(server: ResolvedServerOptions, url: string, document: FetchedDocument, stored: TechClientEntity | undefined): Promise<TechClientEntity> {
    const body = parseDocument(document);
    const state = await this.flow.run(RESOLVE_DOCUMENT, { serverId: server.id, baseUrl: '', clientId: url, body, stored });
    return state.client!;
  }

  private failure(url: string, error: unknown): unknown {
    if (error instanceof FetchRefusedError) {
      this.logger.debug(logLine({ event: 'metadata_document.unavailable', clientId: url, reason: error.reason }));
      return new ClientMetadataDocumentError('unavailable', `client_id: the client metadata document could not be fetched: ${error.message}`);
    }
    if (error instanceof ClientMetadataDocumentError) return error;
    if (error instanceof DcrError && error.status === 400) {
      this.logger.debug(logLine({ event: 'metadata_document.refused', clientId: url, reason: error.description }));
      return new ClientMetadataDocumentError('invalid_document', `client_id: the client metadata document is refused: ${error.description}`);
    }
    return error;
  }
}

function acceptedHere(server: ResolvedServerOptions): ResolvedClientIdMetadataDocumentOptions {
  const options = server.clientIdMetadataDocument;
  if (!options) throw new ClientMetadataDocumentError('invalid_client_id', 'client_id: client ID metadata documents are not accepted by this server');
  return options;
}

/** The URL's form and host, before any connection. */
function assertAcceptableUrl(url: string, options: ResolvedClientIdMetadataDocumentOptions): void {
  const development = options.development.allowHttpLoopback && url.startsWith('http://') ? url.replace(/^http:/, 'https:') : url;
  const problem = clientIdUrlProblem(development);
  if (problem) throw new ClientMetadataDocumentError('invalid_client_id', `client_id: ${problem}`);
  const host = new URL(url).hostname;
  if (options.allowedHosts.length > 0 && !options.allowedHosts.some((pattern) => pattern.matchesWhole(host))) {
    throw new ClientMetadataDocumentError('invalid_client_id', `client_id: documents on ${host} are not accepted by this server`);
  }
}

function fetcherOptions(options: ResolvedClientIdMetadataDocumentOptions): GuardedFetcherOptions {
  return {
    maxBytes: options.maxBytes,
    timeoutMs: options.timeoutMs,
    cacheMinSeconds: options.cache.minSeconds,
    cacheMaxSeconds: options.cache.maxSeconds,
    cacheMaxEntries: options.cache.maxEntries,
    development: options.development,
  };
}

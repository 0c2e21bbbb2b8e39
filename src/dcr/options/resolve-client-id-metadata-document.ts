import { ClientIdMetadataDocumentCacheOptionsClass, ClientIdMetadataDocumentOptionsClass } from './client-id-metadata-document-options';
import type { OptionReader } from './option-reader';
import { member, readOptionClasses } from './read-option-class';
import { resolveFetchDevelopment } from './resolve-jwks';
import type { ResolvedClientIdMetadataDocumentOptions } from './resolved-options';
import { LinearRegex } from '../regex/linear-regex';

/** Members a document always needs (the draft's `client_id`; `redirect_uris` for the authorization code flow). */
const ALWAYS_REQUIRED = ['client_id', 'redirect_uris'];

/** `clientIdMetadataDocument`: undefined when absent or `enabled: false`. @internal */
export function resolveClientIdMetadataDocument(read: OptionReader, value: unknown, path: string): ResolvedClientIdMetadataDocumentOptions | undefined {
  const [options, cache = new ClientIdMetadataDocumentCacheOptionsClass()] = readOptionClasses(read, [
    [ClientIdMetadataDocumentOptionsClass, value, path],
    [ClientIdMetadataDocumentCacheOptionsClass, member(value, 'cache'), `${path}.cache`],
  ] as const);
  const development = resolveFetchDevelopment(read, member(value, 'development'), path);
  if (!options?.enabled) return undefined;
  return {
    allowedHosts: (options.allowedHosts ?? []).map((source) => LinearRegex.compile(source)),
    redirectUrisOnDocumentHost: options.redirectUrisOnDocumentHost,
    requiredProperties: [...new Set([...ALWAYS_REQUIRED, ...options.requiredProperties])],
    maxClients: options.maxClients,
    maxBytes: options.maxBytes,
    timeoutMs: options.timeoutMs,
    cache: { minSeconds: cache.minSeconds, maxSeconds: cache.maxSeconds, maxEntries: cache.maxEntries },
    development,
  };
}

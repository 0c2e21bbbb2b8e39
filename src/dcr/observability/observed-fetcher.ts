import { FetchRefusedError } from '../fetch/fetch-refused.error';
import { FetchedDocument, GuardedFetcher, GuardedFetchOptions } from '../fetch/guarded-fetcher';

/** What a guarded fetch is for: the `purpose` label of `dcr_fetches_total`. @internal */
export type FetchPurpose = 'client_id_metadata_document' | 'jwks_uri';

/**
 * The fetcher `inner`, telling `record` how each fetch ended: `fetched` (from the network),
 * `cached`, the refusal reason of a `FetchRefusedError` (`timeout`, `dns`, `status` …), or
 * `invalid` when the caller's `validate` refused the document. Only the outcome is told, never
 * the URL (a client chose it).
 * @internal
 */
export function observedFetcher(inner: GuardedFetcher, record: (result: string) => void): GuardedFetcher {
  return {
    async fetch(url: string, options?: GuardedFetchOptions): Promise<FetchedDocument> {
      let document: FetchedDocument;
      try {
        document = await inner.fetch(url, options);
      } catch (error) {
        record(error instanceof FetchRefusedError ? error.reason : 'invalid');
        throw error;
      }
      record(document.fromCache ? 'cached' : 'fetched');
      return document;
    },
  };
}

import { FetchRefusedError } from '../fetch/fetch-refused.error';
import type { FetchedDocument, GuardedFetcher } from '../fetch/guarded-fetcher';
import { observedFetcher } from './observed-fetcher';

const document = (fromCache: boolean): FetchedDocument => ({ url: 'https://a.example/doc', body: Buffer.from('{}'), contentType: 'application/json', fetchedAt: 0, expiresAt: 0, fromCache });

describe('observedFetcher', () => {
  function observe(outcome: () => Promise<FetchedDocument>): { fetcher: GuardedFetcher; results: string[] } {
    const results: string[] = [];
    return { fetcher: observedFetcher({ fetch: outcome }, (result) => results.push(result)), results };
  }

  it('tells a fetch from the network apart from one from the cache, and passes the document on', async () => {
    const network = observe(async () => document(false));
    await expect(network.fetcher.fetch('https://a.example/doc')).resolves.toEqual(document(false));
    const cache = observe(async () => document(true));
    await cache.fetcher.fetch('https://a.example/doc');
    expect([...network.results, ...cache.results]).toEqual(['fetched', 'cached']);
  });

  it('tells the refusal reason, or invalid for a document the caller refused, and rethrows', async () => {
    const refused = observe(() => Promise.reject(new FetchRefusedError('timeout')));
    await expect(refused.fetcher.fetch('https://a.example/doc')).rejects.toBeInstanceOf(FetchRefusedError);
    const invalid = observe(() => Promise.reject(new Error('not a JWK Set')));
    await expect(invalid.fetcher.fetch('https://a.example/doc')).rejects.toThrow('not a JWK Set');
    expect([...refused.results, ...invalid.results]).toEqual(['timeout', 'invalid']);
  });

  it('hands the options (validate) to the fetcher it wraps', async () => {
    const inner = { fetch: jest.fn(async () => document(false)) };
    const validate = jest.fn();
    await observedFetcher(inner, () => undefined).fetch('https://a.example/doc', { validate });
    expect(inner.fetch).toHaveBeenCalledWith('https://a.example/doc', { validate });
  });
});

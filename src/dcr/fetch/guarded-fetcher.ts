import { Inject, Injectable, Optional } from '@nestjs/common';
import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import { cacheLifetimeSeconds } from './cache-lifetime';
import { exchange, type ExchangeAnswer } from './fetch-exchange';
import { FetchCache } from './fetch-cache';
import {
  fetchDevelopmentWarning,
  GUARDED_FETCHER_OPTIONS,
  guardedFetcherOptionProblems,
  resolveGuardedFetcherOptions,
  type GuardedFetcherOptions,
  type ResolvedGuardedFetcherOptions,
} from './fetch-options';
import { vetFetchUrl } from './fetch-url';
import { InFlight } from './in-flight';

/**
 * A document the fetcher got with a 200 answer, within the byte cap and the deadline.
 * @publicApi
 */
export interface FetchedDocument {
  /** The URL fetched, as WHATWG URL serialises it. */
  readonly url: string;
  /** The body as received (never decoded or decompressed; `Accept-Encoding: identity` is sent). Each call gets its own copy. */
  readonly body: Buffer;
  readonly contentType: string | undefined;
  /** When it was fetched from the network (ms since the epoch, by the fetcher's clock). */
  readonly fetchedAt: number;
  /** Until when it is served from the cache (ms); equal to `fetchedAt` when it is not cacheable. */
  readonly expiresAt: number;
  /** Whether this call was answered from the cache. */
  readonly fromCache: boolean;
}

/**
 * Per-call options of `GuardedFetcher.fetch`.
 * @publicApi
 */
export interface GuardedFetchOptions {
  /** @default 'application/json' */
  accept?: string;
  /**
   * Checks the document; throw (or reject) to refuse it, and the error reaches the caller. Runs on
   * every call, whether the document came from the network or the cache, and a document is cached
   * only once a validation passed: an invalid document is never served from the cache.
   */
  validate?: (document: FetchedDocument) => void | Promise<void>;
}

/**
 * Fetches a small document from a URL a client gave (a client ID metadata document, a
 * `jwks_uri`) without letting that URL reach the network the server runs in. The module makes
 * its fetchers through `GuardedFetcherFactory`: override that to swap them. Rejects with
 * `FetchRefusedError`, or with what `validate` threw.
 * @publicApi
 */
export abstract class GuardedFetcher {
  abstract fetch(url: string, options?: GuardedFetchOptions): Promise<FetchedDocument>;
}

interface Fetched {
  readonly answer: ExchangeAnswer;
  readonly fetchedAt: number;
  readonly lifetimeSeconds: number;
}

/**
 * @default the fetcher: https only, special-use addresses refused (every address a name resolves
 * to), the connection pinned to the vetted address, no redirects, 200 only, a byte cap and one
 * deadline per exchange; concurrent calls for one URL share one exchange; a bounded LRU cache that
 * follows `Cache-Control` within `cacheMinSeconds`..`cacheMaxSeconds`.
 * @publicApi
 */
@Injectable()
export class DefaultGuardedFetcher extends GuardedFetcher {
  private readonly options: ResolvedGuardedFetcherOptions;
  private readonly cache: FetchCache<Fetched>;
  private readonly inFlight = new InFlight<Fetched>();

  /** Throws `DcrConfigurationError` listing every problem with `options`. */
  constructor(@Optional() @Inject(GUARDED_FETCHER_OPTIONS) private readonly rawOptions: GuardedFetcherOptions = {}) {
    super();
    const problems = guardedFetcherOptionProblems(rawOptions ?? {});
    if (problems.length > 0) throw new DcrConfigurationError(problems);
    this.options = resolveGuardedFetcherOptions(rawOptions ?? {});
    this.cache = new FetchCache(this.options.cacheMaxEntries, this.options.now);
  }

  /** The start-up warning while a development option is on, else undefined (see `fetchDevelopmentWarning`). */
  developmentWarning(at = ''): string | undefined {
    return fetchDevelopmentWarning(this.rawOptions ?? {}, at);
  }

  async fetch(url: string, options: GuardedFetchOptions = {}): Promise<FetchedDocument> {
    const target = vetFetchUrl(url, this.options.development);
    const accept = options.accept ?? 'application/json';
    const key = `${accept}\n${target.url.href}`;

    const cached = this.cache.get(key);
    if (cached) {
      const document = toDocument(target.url.href, cached.value, cached.expiresAt, true);
      await options.validate?.(document);
      return document;
    }

    const fetched = await this.inFlight.run(key, async () => {
      const answer = await exchange(target, this.options, accept);
      const lifetimeSeconds = cacheLifetimeSeconds(answer.cacheControl, answer.age, {
        min: this.options.cacheMinSeconds,
        max: this.options.cacheMaxSeconds,
      });
      return { answer, fetchedAt: this.options.now(), lifetimeSeconds };
    });
    const expiresAt = fetched.fetchedAt + fetched.lifetimeSeconds * 1000;
    const document = toDocument(target.url.href, fetched, expiresAt, false);
    await options.validate?.(document);
    // Stored only now that the caller accepted it; an error or an invalid document never is.
    if (fetched.lifetimeSeconds > 0) this.cache.put(key, fetched, expiresAt);
    return document;
  }
}

function toDocument(url: string, fetched: Fetched, expiresAt: number, fromCache: boolean): FetchedDocument {
  return {
    url,
    body: Buffer.from(fetched.answer.body),
    contentType: fetched.answer.contentType,
    fetchedAt: fetched.fetchedAt,
    expiresAt: fetched.lifetimeSeconds > 0 ? expiresAt : fetched.fetchedAt,
    fromCache,
  };
}

import { Injectable } from '@nestjs/common';
import type { GuardedFetcherOptions } from './fetch-options';
import { DefaultGuardedFetcher, GuardedFetcher } from './guarded-fetcher';

/** What a fetcher is made for: the limits differ, the guard does not. @publicApi */
export type GuardedFetchPurpose = 'client_id_metadata_document' | 'jwks_uri';

/**
 * Makes the fetchers of everything the server fetches on a client's behalf: one per
 * authorization server and purpose, with that server's limits. The one place a host swaps the
 * fetcher (an egress proxy, a test double, an allow-list of its own):
 * `{ provide: GuardedFetcherFactory, useClass: … }`. Whatever it returns is used as is, so it
 * keeps the guard's promises (no special-use addresses, no redirects, byte caps, one deadline).
 * @publicApi
 */
export abstract class GuardedFetcherFactory {
  abstract create(options: GuardedFetcherOptions, purpose: GuardedFetchPurpose, serverId: string): GuardedFetcher;
}

/** @default a `DefaultGuardedFetcher` with the given options. @publicApi */
@Injectable()
export class DefaultGuardedFetcherFactory extends GuardedFetcherFactory {
  create(options: GuardedFetcherOptions): GuardedFetcher {
    return new DefaultGuardedFetcher(options);
  }
}

/**
 * Counters of fixed-window rate limits, shared by every instance. A host may keep them
 * elsewhere (Redis): `{ provide: RateLimitStore, useClass: … }`.
 * @publicApi
 */
export abstract class RateLimitStore {
  /** Adds one hit to `bucket` (which lives until `expiresAt`, epoch ms) and returns its hits. */
  abstract hit(bucket: string, expiresAt: number): Promise<number>;
}

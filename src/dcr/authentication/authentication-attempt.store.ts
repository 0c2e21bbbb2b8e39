/** One failure counter: how many failures under `key` until `expiresAt`. @publicApi */
export interface AttemptCounter {
  key: string;
  failures: number;
  /** Epoch milliseconds: end of the counter's window. */
  expiresAt: number;
}

/**
 * Where failed client authentication attempts are counted. Every instance of a host must see the
 * same counters, so the default keeps them in the database (`tech_client_auth_failure`); a host
 * may provide another shared store (`{ provide: AuthenticationAttemptStore, useClass: … }`), e.g.
 * on Redis. Never one that lives only in process memory.
 * Keys are opaque, fixed-length digests; they carry no client id or address in clear.
 * @publicApi
 */
export abstract class AuthenticationAttemptStore {
  /** The counters of `keys` whose window has not ended at `now` (epoch ms); others are left out. */
  abstract read(keys: readonly string[], now: number): Promise<AttemptCounter[]>;

  /**
   * Counts one failure under each key, atomically: a counter whose window ended at `now` starts
   * again at 1 with a window ending at `now + windowMs`. Returns the counters after the increment.
   */
  abstract recordFailure(keys: readonly string[], now: number, windowMs: number): Promise<AttemptCounter[]>;

  /** Forgets a counter (a successful authentication from that address). */
  abstract reset(key: string): Promise<void>;

  /** Deletes counters whose window ended before `now`. */
  abstract purgeExpired(now: number): Promise<void>;
}

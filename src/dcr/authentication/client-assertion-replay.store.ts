/**
 * The `jti` values of client assertions already used (RFC 7523 §3 item 7), shared by every
 * instance of the app, so that an assertion authenticates once. Override with
 * `{ provide: ClientAssertionReplayStore, useClass: … }` (e.g. a Redis `SET NX PX`).
 * @publicApi
 */
export abstract class ClientAssertionReplayStore {
  /**
   * Records `key` (a digest of the client id and the `jti`) until `expiresAt` (epoch ms), in one
   * atomic step. Resolves true when the key was not recorded yet (or only with an expiry that has
   * passed), false when it was: the assertion is a replay.
   */
  abstract use(key: string, expiresAt: number, now: number): Promise<boolean>;

  /** Removes the keys whose expiry has passed. */
  abstract purgeExpired(now: number): Promise<void>;
}

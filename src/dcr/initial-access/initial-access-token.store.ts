import type { InitialAccessTokenEntity } from '../persistence/initial-access-token.entity';

/** One page of runtime initial access tokens, newest first. @publicApi */
export interface InitialAccessTokenPage {
  tokens: InitialAccessTokenEntity[];
  /** Pass back as `before` for the next page; absent on the last. */
  nextBefore?: { createdAt: number; id: string };
}

/**
 * Initial access tokens issued at run time, shared by every instance (digests only). Override with
 * `{ provide: InitialAccessTokenStore, useClass: … }`.
 * @publicApi
 */
export abstract class InitialAccessTokenStore {
  abstract insert(token: InitialAccessTokenEntity): Promise<void>;
  /** The token whose keyed digest is `digest`, revoked or not. */
  abstract findByDigest(digest: string): Promise<InitialAccessTokenEntity | null>;
  abstract findById(id: string): Promise<InitialAccessTokenEntity | null>;
  abstract list(serverId: string | undefined, limit: number, before?: { createdAt: number; id: string }): Promise<InitialAccessTokenPage>;
  /** Marks the token revoked at `at`; false when there is no such token or it was revoked already. */
  abstract revoke(id: string, at: number): Promise<boolean>;
  /** Registrations made with each of `ids` (absent: none). */
  abstract usesOf(ids: readonly string[]): Promise<Map<string, number>>;
}

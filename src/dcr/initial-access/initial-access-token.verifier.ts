import { Injectable } from '@nestjs/common';
import { InvalidTokenError } from '../errors/dcr.error';
import type { InitialAccessProfile } from '../options/dcr-module-options.interface';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { SecretDigester } from '../secrets/secret-digester';
import { InitialAccessTokenStore } from './initial-access-token.store';

/** What a valid initial access token grants. @publicApi */
export interface InitialAccessGrant {
  /** Stable name of the token: use counts and logs refer to it (never the token itself). */
  id: string;
  /** Most registrations with this token; counted in the database, shared by every instance. */
  maxUses?: number;
  /** Narrows what the registration may get. */
  profile?: InitialAccessProfile;
}

/**
 * RFC 7591 §3: decides whether a registration may proceed. Returns the grant of a valid token,
 * `undefined` when no token was sent and none is required, and throws `InvalidTokenError`
 * otherwise. A host may accept its own tokens (e.g. JWTs it minted):
 * `{ provide: InitialAccessTokenVerifier, useClass: MyVerifier }`.
 * @publicApi
 */
export abstract class InitialAccessTokenVerifier {
  abstract verify(token: string | undefined, server: ResolvedServerOptions): Promise<InitialAccessGrant | undefined> | InitialAccessGrant | undefined;
}

/**
 * Checks the tokens configured in `initialAccessToken.tokens` (by keyed digest, in constant time),
 * then those issued through the admin API (`InitialAccessTokenStore`, looked up by keyed digest,
 * so a revocation holds on every instance at once).
 * @publicApi
 */
@Injectable()
export class ConfiguredInitialAccessTokenVerifier extends InitialAccessTokenVerifier {
  constructor(
    private readonly digester: SecretDigester,
    private readonly runtime: InitialAccessTokenStore,
  ) {
    super();
  }

  async verify(token: string | undefined, server: ResolvedServerOptions): Promise<InitialAccessGrant | undefined> {
    const { required, tokens } = server.initialAccessToken;
    if (token === undefined) {
      if (required) throw new InvalidTokenError('an initial access token is required to register');
      return undefined;
    }
    const now = Date.now();
    // Compare against every configured digest so the time taken does not tell which one matched.
    const match = tokens.reduce<(typeof tokens)[number] | undefined>((found, candidate) => (this.digester.matches(token, candidate.digest) ? candidate : found), undefined);
    if (match) {
      if (match.expiresAt !== undefined && match.expiresAt <= now) throw new InvalidTokenError();
      return { id: match.id, maxUses: match.maxUses, profile: match.profile };
    }
    const issued = await this.runtime.findByDigest(this.digester.digest(token));
    if (!issued || issued.authorizationServer !== server.id || issued.revokedAt !== null || (issued.expiresAt !== null && issued.expiresAt <= now)) {
      throw new InvalidTokenError();
    }
    return { id: issued.id, ...(issued.maxUses !== null && { maxUses: issued.maxUses }), ...(issued.profile && { profile: issued.profile }) };
  }
}

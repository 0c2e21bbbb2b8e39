import { Injectable } from '@nestjs/common';
import { InvalidTokenError } from '../errors/dcr.error';
import type { InitialAccessProfile } from '../options/dcr-module-options.interface';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { SecretDigester } from '../secrets/secret-digester';

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

/** Checks the tokens configured in `initialAccessToken.tokens` (by keyed digest, in constant time). @publicApi */
@Injectable()
export class ConfiguredInitialAccessTokenVerifier extends InitialAccessTokenVerifier {
  constructor(private readonly digester: SecretDigester) {
    super();
  }

  verify(token: string | undefined, server: ResolvedServerOptions): InitialAccessGrant | undefined {
    const { required, tokens } = server.initialAccessToken;
    if (token === undefined) {
      if (required) throw new InvalidTokenError('an initial access token is required to register');
      return undefined;
    }
    // Compare against every configured digest so the time taken does not tell which one matched.
    const match = tokens.reduce<(typeof tokens)[number] | undefined>((found, candidate) => (this.digester.matches(token, candidate.digest) ? candidate : found), undefined);
    if (!match || (match.expiresAt !== undefined && match.expiresAt <= Date.now())) throw new InvalidTokenError();
    return { id: match.id, maxUses: match.maxUses, profile: match.profile };
  }
}

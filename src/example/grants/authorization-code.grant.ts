import { Injectable } from '@nestjs/common';
import { allowedScopes, AuthenticatedTechClient, InvalidRequestError } from '../../dcr';
import type { FormParameters } from '../../dcr/entry-points/http';
import { verifierMatches } from '../authorization/pkce';
import { AuthorizationCodeStore } from '../persistence/authorization-code.store';
import { RefreshTokenStore } from '../persistence/refresh-token.store';
import { InvalidGrantError, InvalidTargetError } from './grant-errors';
import { TokenIssuer, TokenResponse } from './token-issuer';

/** RFC 6749 §4.1.3 with RFC 7636 §4.5: a code, its redirect URI and the PKCE verifier, for tokens. */
@Injectable()
export class AuthorizationCodeGrant {
  constructor(
    private readonly codes: AuthorizationCodeStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly tokens: TokenIssuer,
  ) {}

  async exchange(body: FormParameters, client: AuthenticatedTechClient, issuer: string, certificateThumbprint?: string): Promise<TokenResponse> {
    for (const name of ['code', 'redirect_uri', 'code_verifier']) {
      if (body[name] === undefined) throw new InvalidRequestError(`${name} is required (RFC 6749 §4.1.3, RFC 7636 §4.5)`);
    }
    const redemption = await this.codes.redeem(body.code, client.id);
    if ('refused' in redemption) {
      // RFC 6749 §4.1.2: a code used twice revokes what was issued from it.
      if (redemption.refused === 'replayed') await this.refreshTokens.revokeGrant(redemption.grantId);
      throw new InvalidGrantError('the authorization code is invalid, expired or already used');
    }
    const { grant } = redemption;
    if (body.redirect_uri !== grant.redirectUri) throw new InvalidGrantError('redirect_uri differs from the one of the authorization request');
    if (!verifierMatches(body.code_verifier, grant.codeChallenge)) throw new InvalidGrantError('code_verifier does not match the code_challenge');
    if (body.resource !== undefined && body.resource !== grant.resource) throw new InvalidTargetError('resource differs from the one of the authorization request');
    // Scopes still registered for the client (an administrator may have narrowed them since).
    const scopes = grant.scopes.length ? allowedScopes(client, grant.scopes) : [];
    return this.tokens.issue({ issuer, client, scopes, resource: grant.resource, grantId: grant.grantId, certificateThumbprint });
  }
}

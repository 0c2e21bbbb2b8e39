import { Injectable } from '@nestjs/common';
import { allowedScopes, AuthenticatedTechClient, InvalidRequestError, InvalidScopeError } from '../../dcr';
import type { FormParameters } from '../../dcr/entry-points/http';
import { RefreshTokenStore } from '../persistence/refresh-token.store';
import { InvalidGrantError, InvalidTargetError } from './grant-errors';
import { TokenIssuer, TokenResponse } from './token-issuer';

/** RFC 6749 §6: a refresh token for new tokens; the refresh token is rotated. */
@Injectable()
export class RefreshTokenGrant {
  constructor(private readonly refreshTokens: RefreshTokenStore, private readonly tokens: TokenIssuer) {}

  async exchange(body: FormParameters, client: AuthenticatedTechClient, issuer: string, certificateThumbprint?: string): Promise<TokenResponse> {
    if (body.refresh_token === undefined) throw new InvalidRequestError('refresh_token is required (RFC 6749 §6)');
    const outcome = await this.refreshTokens.find(body.refresh_token, client.id);
    if ('refused' in outcome) throw new InvalidGrantError('the refresh token is invalid, expired or already used');
    const { grant } = outcome;
    if (body.resource !== undefined && body.resource !== grant.resource) throw new InvalidTargetError('resource differs from the one of the grant');
    // RFC 6749 §6: a narrower scope may be asked for, never a wider one.
    let scopes = grant.scopes;
    if (body.scope !== undefined) {
      scopes = [...new Set(body.scope.split(' ').filter(Boolean))];
      const wider = scopes.find((scope) => !grant.scopes.includes(scope));
      if (wider !== undefined) throw new InvalidScopeError(`scope ${JSON.stringify(wider.slice(0, 64))} was not granted (RFC 6749 §6)`);
    }
    scopes = scopes.length ? allowedScopes(client, scopes) : [];
    if (body.scope !== undefined && scopes.length === 0) throw new InvalidScopeError('none of the requested scopes is granted');
    // Rotation: the old token works once; a second use of it revokes the grant.
    if (!(await this.refreshTokens.spend(body.refresh_token, grant.grantId))) throw new InvalidGrantError('the refresh token is invalid, expired or already used');
    return this.tokens.issue({ issuer, client, scopes, resource: grant.resource, grantId: grant.grantId, certificateThumbprint });
  }
}

import { Injectable } from '@nestjs/common';
import { AuthenticatedTechClient, registeredGrantTypes } from '../../dcr';
import { AccessTokenSigner } from '../access-token.signer';
import { RefreshTokenStore } from '../persistence/refresh-token.store';

/** RFC 6749 §5.1 successful token response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
}

/** What a token response is for. */
export interface TokenGrant {
  issuer: string;
  client: AuthenticatedTechClient;
  scopes: string[];
  /** RFC 8707: the token's `aud`. */
  resource?: string;
  /** Set for grants a user approved: a refresh token of this grant is added when the client registered `refresh_token`. */
  grantId?: string;
  /** RFC 8705 §3: the client authenticated with this certificate (`x5t#S256`); the access token is bound to it. */
  certificateThumbprint?: string;
}

/** Builds token responses: a signed access token and, where the client may refresh, a new refresh token. */
@Injectable()
export class TokenIssuer {
  constructor(private readonly signer: AccessTokenSigner, private readonly refreshTokens: RefreshTokenStore) {}

  async issue(grant: TokenGrant): Promise<TokenResponse> {
    const { client, scopes, resource } = grant;
    const accessToken = await this.signer.sign({ issuer: grant.issuer, clientId: client.id, scopes, audience: resource, certificateThumbprint: grant.certificateThumbprint });
    const refreshToken = grant.grantId !== undefined && registeredGrantTypes(client).includes('refresh_token')
      ? await this.refreshTokens.issue({ grantId: grant.grantId, clientId: client.id, scopes, resource })
      : undefined;
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.signer.lifetimeSeconds,
      ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
      ...(scopes.length ? { scope: scopes.join(' ') } : {}),
    };
  }
}

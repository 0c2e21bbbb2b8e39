import { Controller, Header, HttpCode, Inject, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  allowedScopes,
  assertGrantAllowed,
  ClientAuthenticator,
  DcrExceptionFilter,
  getDcrOptionsToken,
  InvalidRequestError,
  InvalidScopeError,
  ResolvedDcrOptions,
  UnsupportedGrantTypeError,
} from '../dcr';
import { DcrHttpRequest, DcrRawBody, readFormBody } from '../dcr/entry-points/http';
import { DCR_SECURITY_SCHEMES, OAuthErrorDto } from '../dcr/entry-points/openapi';
import { TokenRequestDto } from './dto/token-request.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { exampleIssuer, exampleServer } from './example-issuer';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant';
import { RefreshTokenGrant } from './grants/refresh-token.grant';
import { TokenIssuer, TokenResponse } from './grants/token-issuer';

const GRANT_TYPES = ['authorization_code', 'client_credentials', 'refresh_token'];

/**
 * The example host's token endpoint, a stand-in for the IAM backend's own: the authorization
 * code grant (RFC 6749 §4.1.3, PKCE S256), refresh tokens (rotated) and the client credentials
 * grant (RFC 6749 §4.4), with the client authenticated by `ClientAuthenticator` (a public client
 * sends only its `client_id`) and held to its registered grant types and scopes. Errors are
 * RFC 6749 §5.2 bodies.
 */
@Controller('oauth2/token')
@ApiTags('Example host')
@UseFilters(DcrExceptionFilter)
export class TokenController {
  constructor(
    @Inject(getDcrOptionsToken()) private readonly options: ResolvedDcrOptions,
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenIssuer,
    private readonly authorizationCode: AuthorizationCodeGrant,
    private readonly refreshToken: RefreshTokenGrant,
  ) {}

  @Post()
  @DcrRawBody()
  @ApiOperation({
    summary: 'Token endpoint: authorization code (RFC 6749 §4.1.3, PKCE), refresh token (§6), client credentials (§4.4)',
    description:
      'Authenticates the client with client_secret_basic or client_secret_post (RFC 6749 §2.3.1), private_key_jwt (RFC 7523 §2.2: client_assertion_type and client_assertion, audience the issuer or this endpoint), tls_client_auth or self_signed_tls_client_auth (RFC 8705: client_id and the TLS client certificate; the access token is then certificate-bound with cnf x5t#S256), or a public client by its client_id alone (none).',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiResponse({ status: 200, description: 'RFC 6749 §5.1 access token response', type: TokenResponseDto })
  @ApiResponse({ status: 400, description: 'RFC 6749 §5.2: invalid_request, invalid_grant, unauthorized_client, unsupported_grant_type, invalid_scope', type: OAuthErrorDto })
  @ApiResponse({ status: 401, description: 'RFC 6749 §5.2 invalid_client, with WWW-Authenticate when Basic was used', type: OAuthErrorDto })
  @ApiResponse({ status: 413, description: 'The body is larger than 16 KiB', type: OAuthErrorDto })
  @ApiResponse({ status: 415, description: 'The body is not application/x-www-form-urlencoded', type: OAuthErrorDto })
  @ApiResponse({ status: 429, description: 'Too many failed authentications, with Retry-After', type: OAuthErrorDto })
  // client_secret_basic, or client_secret_post / none (in the body, no header).
  @ApiSecurity({})
  @ApiSecurity(DCR_SECURITY_SCHEMES.clientBasic)
  @HttpCode(200)
  // RFC 6749 §5.1: the response MUST NOT be cached.
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async token(@Req() request: DcrHttpRequest): Promise<TokenResponse> {
    const body = await readFormBody(request);
    const grantType = body.grant_type;
    if (grantType === undefined) throw new InvalidRequestError('grant_type is required (RFC 6749 §4.1.3, §4.4.2, §6)');
    if (!GRANT_TYPES.includes(grantType)) {
      throw new UnsupportedGrantTypeError(`grant_type ${JSON.stringify(grantType.slice(0, 64))} is not supported here (supported: ${GRANT_TYPES.join(', ')})`);
    }

    const server = exampleServer(this.options);
    const issuer = exampleIssuer(server, request);
    // The Authorization header and the client's address (after the module's trustedProxyHops) come from the request.
    // A private_key_jwt assertion may name the issuer or this endpoint as its audience (RFC 7523 §3).
    const assertionAudiences = [issuer, `${issuer.replace(/\/+$/, '')}/oauth2/token`];
    // A mutual-TLS client's certificate is read from the TLS socket (or the configured proxy header).
    const { client, certificateThumbprint, dpopBoundAccessTokens } = await this.authenticator.authenticate({ serverId: server.id, request, body, assertionAudiences });
    // RFC 9449 §5.2: such a client must only get DPoP-bound tokens, and this example issues Bearer tokens only.
    if (dpopBoundAccessTokens) {
      throw new InvalidRequestError(request.headers.dpop === undefined
        ? 'the client registered dpop_bound_access_tokens: a DPoP proof is required (RFC 9449 §5.2)'
        : 'this server does not issue DPoP-bound access tokens, which the client registered dpop_bound_access_tokens for');
    }
    assertGrantAllowed(client, grantType);
    // RFC 8705 §3: tokens of a client that authenticated with a certificate are bound to it (cnf).
    if (grantType === 'authorization_code') return this.authorizationCode.exchange(body, client, issuer, certificateThumbprint);
    if (grantType === 'refresh_token') return this.refreshToken.exchange(body, client, issuer, certificateThumbprint);

    const scopes = allowedScopes(client, body.scope);
    if (body.scope !== undefined && scopes.length === 0) throw new InvalidScopeError('none of the requested scopes is registered for this client');
    return this.tokens.issue({ issuer, client, scopes, certificateThumbprint });
  }
}

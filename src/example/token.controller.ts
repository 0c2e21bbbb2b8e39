import { Controller, Header, HttpCode, Inject, Post, Req, UseFilters } from '@nestjs/common';
import {
  allowedScopes,
  assertGrantAllowed,
  ClientAuthenticator,
  DCR_RESOLVED_OPTIONS,
  DcrHttpRequest,
  DcrRawBody,
  DcrExceptionFilter,
  InvalidRequestError,
  InvalidScopeError,
  readFormBody,
  ResolvedDcrOptions,
  UnsupportedGrantTypeError,
} from '../dcr';
import { clientIp } from '../dcr';
import { AccessTokenSigner } from './access-token.signer';
import { exampleIssuer, exampleServer } from './example-issuer';

/** RFC 6749 §5.1 successful token response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
}

/**
 * The example host's token endpoint, a stand-in for the IAM backend's own: the client
 * credentials grant (RFC 6749 §4.4) only, with the client authenticated by `ClientAuthenticator`
 * and held to its registered grant types and scopes. Errors are RFC 6749 §5.2 bodies.
 */
@Controller('oauth2/token')
@UseFilters(DcrExceptionFilter)
export class TokenController {
  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly authenticator: ClientAuthenticator,
    private readonly signer: AccessTokenSigner,
  ) {}

  @Post()
  @DcrRawBody()
  @HttpCode(200)
  // RFC 6749 §5.1: the response MUST NOT be cached.
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async token(@Req() request: DcrHttpRequest): Promise<TokenResponse> {
    const body = await readFormBody(request);
    const grantType = body.grant_type;
    if (grantType === undefined) throw new InvalidRequestError('grant_type is required (RFC 6749 §4.4.2)');
    if (grantType !== 'client_credentials') {
      throw new UnsupportedGrantTypeError(`grant_type ${JSON.stringify(grantType.slice(0, 64))} is not supported here (supported: client_credentials)`);
    }

    const server = exampleServer(this.options);
    const { client, clientId } = await this.authenticator.authenticate({
      serverId: server.id,
      authorization: request.headers.authorization,
      body,
      // The module's trustedProxyHops option says which X-Forwarded-For entry is the client.
      ip: clientIp(request, this.options.trustedProxyHops),
    });
    assertGrantAllowed(client, grantType);
    const scopes = allowedScopes(client, body.scope);
    if (body.scope !== undefined && scopes.length === 0) throw new InvalidScopeError('none of the requested scopes is registered for this client');

    const accessToken = await this.signer.sign({ issuer: exampleIssuer(server, request), clientId, scopes });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.signer.lifetimeSeconds,
      ...(scopes.length ? { scope: scopes.join(' ') } : {}),
    };
  }
}

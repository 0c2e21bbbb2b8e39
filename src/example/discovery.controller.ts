import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthorizationServerMetadata, dcrAuthorizationServerMetadata, getDcrOptionsToken, ResolvedDcrOptions } from '../dcr';
import type { DcrHttpRequest } from '../dcr/entry-points/http';
import { AuthorizationServerMetadataDto } from './dto/authorization-server-metadata.dto';
import { exampleIssuer, exampleServer } from './example-issuer';

/**
 * RFC 8414 metadata of the example authorization server, so that OAuth client libraries (an MCP
 * client among them) find the authorization, token and registration endpoints by discovery. The host states what its own endpoints
 * serve; `dcrAuthorizationServerMetadata` adds the registration endpoint and narrows the lists to
 * what clients may also register.
 */
@Controller('.well-known/oauth-authorization-server')
@ApiTags('Example host')
export class DiscoveryController {
  constructor(@Inject(getDcrOptionsToken()) private readonly options: ResolvedDcrOptions) {}

  @Get()
  @ApiOperation({ summary: 'Authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  metadata(@Req() request: DcrHttpRequest): AuthorizationServerMetadata {
    const server = exampleServer(this.options);
    const issuer = exampleIssuer(server, request);
    return dcrAuthorizationServerMetadata(this.options, server.id, issuer, {
      issuer,
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      token_endpoint: `${issuer}/oauth2/token`,
      jwks_uri: `${issuer}/oauth2/jwks`,
      // What this example's endpoints serve; the module narrows the lists to what may be registered.
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      response_types_supported: ['code'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
  }
}

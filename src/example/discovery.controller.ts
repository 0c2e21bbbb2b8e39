import { Controller, Get, Inject, Req } from '@nestjs/common';
import type { Request } from 'express';
import { DCR_RESOLVED_OPTIONS, requestBaseUrl, ResolvedDcrOptions } from '../dcr';

/**
 * RFC 8414 metadata of the example authorization server, so that OAuth client libraries find
 * the registration endpoint by discovery.
 */
@Controller('.well-known/oauth-authorization-server')
export class DiscoveryController {
  constructor(@Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions) {}

  @Get()
  metadata(@Req() request: Request): Record<string, unknown> {
    const server = [...this.options.servers.values()][0];
    const issuer = server.issuer ?? requestBaseUrl(request);
    const grants = Object.entries({
      authorization_code: server.grants.authorizationCode,
      implicit: server.grants.implicit,
      client_credentials: server.grants.clientCredentials,
      refresh_token: server.grants.refreshToken,
    }).filter(([, enabled]) => enabled).map(([grant]) => grant);
    return {
      issuer,
      registration_endpoint: `${issuer}/${server.registrationPath}`,
      grant_types_supported: grants,
      response_types_supported: [...(grants.includes('authorization_code') ? ['code'] : []), ...(grants.includes('implicit') ? ['token'] : [])],
      token_endpoint_auth_methods_supported: server.processors.tokenEndpointAuthMethod?.allowed ?? [],
    };
  }
}

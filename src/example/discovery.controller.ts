import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthorizationServerMetadata, dcrAuthorizationServerMetadata, getDcrOptionsToken, ResolvedDcrOptions } from '../dcr';
import type { DcrHttpRequest } from '../dcr/entry-points/http';
import { AuthorizationServerMetadataDto, OpenIdConfigurationDto } from './dto/authorization-server-metadata.dto';
import { exampleIssuer, exampleServer } from './example-issuer';

/**
 * The example host's metadata: what its own endpoints serve, narrowed by
 * `dcrAuthorizationServerMetadata` to what clients may also register, with the registration
 * endpoint added. Both discovery documents are this one object.
 */
function exampleMetadata(options: ResolvedDcrOptions, request: DcrHttpRequest): AuthorizationServerMetadata {
  const server = exampleServer(options);
  const issuer = exampleIssuer(server, request);
  return dcrAuthorizationServerMetadata(options, server.id, issuer, {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    jwks_uri: `${issuer}/oauth2/jwks`,
    // What this example's endpoints serve; the module narrows the lists to what may be registered.
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types_supported: ['code'],
    // The mutual-TLS methods (RFC 8705) work where the certificate reaches the token endpoint: on
    // the HTTPS listener (HTTPS_PORT, which asks for one), or through a proxy header the module is
    // configured to read (clientAuthentication.mtls.certificateHeader).
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth', 'none'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    // RFC 8705 §3.3: access tokens of clients that authenticate with a certificate carry cnf x5t#S256.
    tls_client_certificate_bound_access_tokens: true,
  });
}

/**
 * RFC 8414 metadata of the example authorization server, so that OAuth client libraries (an MCP
 * client among them) find the authorization, token and registration endpoints by discovery.
 */
@Controller('.well-known/oauth-authorization-server')
@ApiTags('Example host')
export class DiscoveryController {
  constructor(@Inject(getDcrOptionsToken()) private readonly options: ResolvedDcrOptions) {}

  @Get()
  @ApiOperation({ summary: 'Authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  metadata(@Req() request: DcrHttpRequest): AuthorizationServerMetadata {
    return exampleMetadata(this.options, request);
  }
}

/**
 * The same metadata where OpenID clients look first (OpenID Connect Discovery 1.0 §4:
 * `<issuer>/.well-known/openid-configuration`; openid-client's default discovery). The example
 * host is an OAuth 2.0 authorization server, not an OpenID provider: it issues no ID token and
 * has no UserInfo endpoint, and `openid` is not among its scopes. Discovery §3's REQUIRED members
 * are present so that parsers that check them accept the document, with values that promise
 * nothing the host does not do:
 * - `subject_types_supported: ["public"]`: no pairwise subjects; a token's `sub` is its client's id.
 * - `id_token_signing_alg_values_supported: ["RS256"]`: the one value §3 says MUST be listed; no
 *   ID token is ever signed, with it or any other.
 * A host that must not appear as an OpenID provider leaves it out (`OPENID_CONFIGURATION=false`).
 */
@Controller('.well-known/openid-configuration')
@ApiTags('Example host')
export class OpenIdConfigurationController {
  constructor(@Inject(getDcrOptionsToken()) private readonly options: ResolvedDcrOptions) {}

  @Get()
  @ApiOperation({ summary: 'The same metadata at the OpenID Connect Discovery location (no ID tokens are issued)' })
  @ApiOkResponse({ type: OpenIdConfigurationDto })
  metadata(@Req() request: DcrHttpRequest): AuthorizationServerMetadata {
    return { ...exampleMetadata(this.options, request), subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] };
  }
}

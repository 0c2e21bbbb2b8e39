import type { Provider } from '@nestjs/common';
import { ACCESS_TOKEN_OPTIONS, AccessTokenOptions, AccessTokenSigner } from './access-token.signer';
import { AuthorizationController } from './authorization/authorization.controller';
import { AuthorizationRequestValidator } from './authorization/authorization-request';
import { DiscoveryController, OpenIdConfigurationController } from './discovery.controller';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant';
import { RefreshTokenGrant } from './grants/refresh-token.grant';
import { TokenIssuer } from './grants/token-issuer';
import { JwksController } from './jwks.controller';
import { AuthorizationCodeStore } from './persistence/authorization-code.store';
import { ConsentRequestStore } from './persistence/consent-request.store';
import { RefreshTokenStore } from './persistence/refresh-token.store';
import { TokenController } from './token.controller';

/**
 * The example host's own endpoints: discovery (RFC 8414, and the OpenID location), authorization (with its consent page), token,
 * JWKS. Declared in the host's root module beside `DcrModule.forRoot`, whose exports
 * (`ClientResolver`, `ClientAuthenticator`, the options) they inject. Their tables
 * (`EXAMPLE_ENTITIES`, `EXAMPLE_MIGRATIONS`) go in the host's default DataSource.
 */
export const EXAMPLE_HOST_CONTROLLERS = [DiscoveryController, OpenIdConfigurationController, AuthorizationController, TokenController, JwksController];

/** What decides which of the example host's endpoints are mounted. */
export interface ExampleEndpointOptions {
  /** Serve `/.well-known/openid-configuration` beside the RFC 8414 document. @default true */
  openidConfiguration?: boolean;
}

/** `EXAMPLE_HOST_CONTROLLERS`, without the OpenID location when `openidConfiguration` is false. */
export function exampleHostControllers(options: ExampleEndpointOptions = {}): typeof EXAMPLE_HOST_CONTROLLERS {
  return options.openidConfiguration === false ? EXAMPLE_HOST_CONTROLLERS.filter((controller) => controller !== OpenIdConfigurationController) : EXAMPLE_HOST_CONTROLLERS;
}

/** Providers of the example host's endpoints. */
export function exampleHostProviders(tokens: AccessTokenOptions = {}): Provider[] {
  return [
    { provide: ACCESS_TOKEN_OPTIONS, useValue: tokens },
    AccessTokenSigner,
    AuthorizationRequestValidator,
    ConsentRequestStore,
    AuthorizationCodeStore,
    RefreshTokenStore,
    TokenIssuer,
    AuthorizationCodeGrant,
    RefreshTokenGrant,
  ];
}

import type { Provider } from '@nestjs/common';
import { ACCESS_TOKEN_OPTIONS, AccessTokenOptions, AccessTokenSigner } from './access-token.signer';
import { DiscoveryController } from './discovery.controller';
import { JwksController } from './jwks.controller';
import { TokenController } from './token.controller';

/**
 * The example host's own endpoints: discovery, token, JWKS. Declared in the host's root module
 * beside `DcrModule.forRoot`, whose exports (`ClientAuthenticator`, the options) they inject.
 */
export const EXAMPLE_HOST_CONTROLLERS = [DiscoveryController, TokenController, JwksController];

/** Providers of the example host's endpoints. */
export function exampleHostProviders(tokens: AccessTokenOptions = {}): Provider[] {
  return [{ provide: ACCESS_TOKEN_OPTIONS, useValue: tokens }, AccessTokenSigner];
}

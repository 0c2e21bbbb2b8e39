import { Injectable } from '@nestjs/common';
import { FAPI2_AUTH_METHODS, FAPI2_PROFILE_NAME } from '../options/fapi2-profile';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

/**
 * The server's preset (`profile`), before any other processor, so that a registration it forbids
 * is refused by name (`profile "fapi2"` in the error and the decision report) rather than
 * filtered or defaulted further down. `fapi2` (FAPI 2.0 Security Profile §5.3.3.4, §5.3.2.2):
 * `token_endpoint_auth_method` `none` or `client_secret_*` (any method outside
 * private_key_jwt, tls_client_auth, self_signed_tls_client_auth), the `implicit` grant, and any
 * response type that returns a token from the authorization endpoint are refused, whatever
 * `strict` says. Active only where `profile` is set.
 * @publicApi
 */
export abstract class ServerProfilePolicy extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class ConfiguredServerProfilePolicy extends ServerProfilePolicy {
  readonly name = 'profile';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.profile !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const refuse = (field: string, what: string): never => ctx.reject(field, `${what} is not allowed by ${FAPI2_PROFILE_NAME}`);
    const method = ctx.get('token_endpoint_auth_method');
    if (typeof method === 'string' && !FAPI2_AUTH_METHODS.includes(method as never)) {
      refuse('token_endpoint_auth_method', `"${method}" (only ${FAPI2_AUTH_METHODS.join(', ')})`);
    }
    const grants = ctx.get('grant_types');
    if (Array.isArray(grants) && grants.includes('implicit')) refuse('grant_types', '"implicit"');
    const responseTypes = ctx.get('response_types');
    const tokenType = Array.isArray(responseTypes) ? responseTypes.find((type) => typeof type === 'string' && type.split(' ').includes('token')) : undefined;
    if (tokenType !== undefined) refuse('response_types', `"${tokenType}" (a token from the authorization endpoint)`);
  }
}

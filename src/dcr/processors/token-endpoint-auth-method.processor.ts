import { Injectable } from '@nestjs/common';
import type { TokenEndpointAuthMethod } from '../options/dcr-module-options.interface';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

/** RFC 7591 §2 default first, then the others. */
const DEFAULT_ORDER: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none'];

/**
 * `token_endpoint_auth_method` against the configured allow-list. Its result decides whether a
 * secret is issued: without this processor no client ever gets a secret (reference rule).
 * @publicApi
 */
export abstract class TokenEndpointAuthMethodProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class ConfiguredTokenEndpointAuthMethodProcessor extends TokenEndpointAuthMethodProcessor {
  readonly name = 'token_endpoint_auth_method';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.tokenEndpointAuthMethod !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const options = ctx.server.processors.tokenEndpointAuthMethod!;
    const field = 'token_endpoint_auth_method';
    const requested = ctx.get<string>(field);
    let method: TokenEndpointAuthMethod | undefined;

    if (requested === undefined) {
      if (options.mandatory) ctx.reject(field, 'required');
    } else if (options.allowed.includes(requested as TokenEndpointAuthMethod)) {
      method = requested as TokenEndpointAuthMethod;
      ctx.accept(field, method);
    } else {
      ctx.dropOrReject(field, `"${requested}" is not allowed (allowed: ${options.allowed.join(', ')})`, options.mandatory || options.strict);
    }
    if (method === undefined) {
      method = DEFAULT_ORDER.find((candidate) => options.allowed.includes(candidate))!;
      ctx.useDefault(field, method, requested === undefined ? 'RFC 7591 §2 default' : 'replaces the dropped value');
    }

    const grants = (ctx.metadata.grant_types as string[] | undefined) ?? [];
    if (method === 'none' && grants.includes('client_credentials')) {
      ctx.reject(field, 'the client_credentials grant needs a confidential client; "none" cannot authenticate');
    }
  }
}

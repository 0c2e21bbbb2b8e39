import { GRANT_OPTION } from '../vocabulary/client-vocabulary';
import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

const RESPONSE_TYPE_GRANT: Record<string, string> = { code: 'authorization_code', token: 'implicit' };

/**
 * `grant_types` and `response_types`: RFC 7591 §2 defaults, the configured allow-list, and
 * consistency between the two. Always active; the `grants` option tunes it.
 * @publicApi
 */
export abstract class GrantsPolicy extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class ConfiguredGrantsPolicy extends GrantsPolicy {
  readonly name = 'grants';

  process(ctx: ProcessingContext): void {
    const { server } = ctx;
    const enabled = enabledGrants(server);

    let grants = ctx.has('grant_types') ? unique(ctx.get<string[]>('grant_types')!) : undefined;
    if (grants === undefined) {
      grants = ['authorization_code'];
      ctx.useDefault('grant_types', grants, 'RFC 7591 §2 default');
    }
    const refused = grants.filter((grant) => !enabled.has(grant));
    if (refused.length) {
      ctx.dropOrReject('grant_types', `not allowed here: ${refused.join(', ')} (allowed: ${[...enabled].join(', ')})`, server.strict);
      grants = grants.filter((grant) => enabled.has(grant));
    }
    if (grants.includes('refresh_token') && !grants.includes('authorization_code')) {
      ctx.dropOrReject('grant_types', 'refresh_token needs authorization_code, the only grant here that issues refresh tokens', server.strict);
      grants = grants.filter((grant) => grant !== 'refresh_token');
    }
    if (grants.length === 0) ctx.reject('grant_types', `no supported grant type requested (allowed: ${[...enabled].join(', ')})`);

    let responseTypes: string[];
    if (ctx.has('response_types')) {
      responseTypes = unique(ctx.get<string[]>('response_types')!);
      const unsupported = responseTypes.filter((type) => !enabled.has(RESPONSE_TYPE_GRANT[type]));
      if (unsupported.length) {
        ctx.dropOrReject('response_types', `not allowed here: ${unsupported.join(', ')}`, server.strict);
        responseTypes = responseTypes.filter((type) => !unsupported.includes(type));
      }
      for (const type of responseTypes) {
        if (!grants.includes(RESPONSE_TYPE_GRANT[type])) {
          ctx.reject('response_types', `"${type}" needs the ${RESPONSE_TYPE_GRANT[type]} grant type`);
        }
      }
      ctx.accept('response_types', responseTypes);
    } else {
      // RFC 7591 §2 defaults to "code"; a client without a redirect-based grant gets none.
      responseTypes = Object.keys(RESPONSE_TYPE_GRANT).filter((type) => grants.includes(RESPONSE_TYPE_GRANT[type]));
      ctx.useDefault('response_types', responseTypes, 'derived from grant_types');
    }
    for (const [type, grant] of Object.entries(RESPONSE_TYPE_GRANT)) {
      if (grants.includes(grant) && !responseTypes.includes(type)) {
        ctx.reject('response_types', `the ${grant} grant type needs the "${type}" response type`);
      }
    }

    if (ctx.has('grant_types')) {
      ctx.accept('grant_types', grants, grants.includes('implicit') ? 'implicit registered: the host authorization server must support it' : undefined);
    }
    ctx.metadata.grant_types = grants;
  }
}

function enabledGrants(server: ResolvedServerOptions): Set<string> {
  return new Set(Object.entries(GRANT_OPTION).filter(([, option]) => server.grants[option]).map(([grant]) => grant));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

import { Injectable } from '@nestjs/common';
import { InvalidRedirectUriError } from '../errors/dcr.error';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';
import { redirectUriProblem } from './redirect-uri.rules';

const APPLICATION_TYPES = ['web', 'native'];
const REDIRECT_GRANTS = ['authorization_code', 'implicit'];

/**
 * `redirect_uris` and OIDC `application_type`. Always active: an invalid redirect URI is never
 * dropped, it fails the registration with `invalid_redirect_uri`. Runs after the grants policy,
 * whose result decides whether redirect URIs are required.
 * @publicApi
 */
export abstract class RedirectUrisProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class DefaultRedirectUrisProcessor extends RedirectUrisProcessor {
  readonly name = 'redirect_uris';

  process(ctx: ProcessingContext): void {
    const options = ctx.server.processors.redirectUris;
    const grants = (ctx.metadata.grant_types as string[] | undefined) ?? [];

    const applicationType = ctx.get<string>('application_type');
    if (applicationType !== undefined) {
      if (!APPLICATION_TYPES.includes(applicationType)) ctx.reject('application_type', 'must be "web" or "native"');
      ctx.accept('application_type', applicationType);
    }

    const needed = grants.filter((grant) => REDIRECT_GRANTS.includes(grant));
    const uris = ctx.get<string[]>('redirect_uris');
    if (uris === undefined || uris.length === 0) {
      if (needed.length) ctx.reject('redirect_uris', `required for the ${needed.join(' and ')} grant type`, InvalidRedirectUriError);
      if (uris !== undefined) ctx.filter('redirect_uris', 'empty');
      return;
    }
    if (uris.length > options.maxUris) {
      ctx.reject('redirect_uris', `at most ${options.maxUris} redirect URIs may be registered`, InvalidRedirectUriError);
    }
    const policy = { ...options, implicit: grants.includes('implicit') };
    uris.forEach((uri, index) => {
      const problem = redirectUriProblem(uri, policy);
      if (problem) ctx.reject(`redirect_uris[${index}]`, problem, InvalidRedirectUriError);
    });
    ctx.accept('redirect_uris', [...new Set(uris)]);
  }
}

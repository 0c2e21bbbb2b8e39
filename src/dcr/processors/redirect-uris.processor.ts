import { Injectable } from '@nestjs/common';
import { InvalidRedirectUriError } from '../errors/dcr.error';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';
import { ApplicationType, isPrivateUseUri, redirectUriProblem } from './redirect-uri.rules';

const APPLICATION_TYPES: readonly string[] = ['web', 'native'];
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

    const requested = ctx.get<string>('application_type');
    if (requested !== undefined && !APPLICATION_TYPES.includes(requested)) ctx.reject('application_type', 'must be "web" or "native"');

    const needed = grants.filter((grant) => REDIRECT_GRANTS.includes(grant));
    const uris = ctx.get<string[]>('redirect_uris');
    if (uris === undefined || uris.length === 0) {
      if (needed.length) ctx.reject('redirect_uris', `required for the ${needed.join(' and ')} grant type`, InvalidRedirectUriError);
      if (uris !== undefined) ctx.filter('redirect_uris', 'empty');
      // Without redirect URIs there is nothing for application_type to govern; a sent value is kept.
      if (requested !== undefined) ctx.accept('application_type', requested);
      return;
    }
    if (uris.length > options.maxUris) {
      ctx.reject('redirect_uris', `at most ${options.maxUris} redirect URIs may be registered`, InvalidRedirectUriError);
    }

    const applicationType = (requested as ApplicationType | undefined) ?? defaultApplicationType(uris);
    if (requested !== undefined) ctx.accept('application_type', applicationType);
    else {
      ctx.useDefault('application_type', applicationType, applicationType === 'web'
        ? 'OIDC Registration §2 default'
        : 'a private-use redirect URI can only reach a native client (the OIDC default "web" would refuse it)');
    }

    const policy = { ...options, implicit: grants.includes('implicit'), applicationType };
    uris.forEach((uri, index) => {
      const problem = redirectUriProblem(uri, policy);
      if (problem) ctx.reject(`redirect_uris[${index}]`, problem, InvalidRedirectUriError);
    });
    ctx.accept('redirect_uris', [...new Set(uris)]);
  }
}

/**
 * OIDC Registration §2 defaults to `web`. A web client cannot receive a redirect to a
 * private-use scheme, so a request that omits `application_type` while registering one is taken
 * for the native client it must be (as the MCP TypeScript SDK assumes, and Cursor omits it).
 */
function defaultApplicationType(uris: readonly string[]): ApplicationType {
  return uris.some(isPrivateUseUri) ? 'native' : 'web';
}

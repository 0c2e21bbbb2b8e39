import { Inject, Injectable, Logger } from '@nestjs/common';
import { DCR_EXTRA_PROCESSORS } from '../dcr.constants';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { ClientNameProcessor } from './client-name.processor';
import { ContactsProcessor } from './contacts.processor';
import { GrantsPolicy } from './grants.policy';
import { JwksProcessor } from './jwks.processor';
import { MetadataProcessor } from './metadata-processor';
import { ProcessingContext, ProcessingOperation } from './processing-context';
import { RedirectUrisProcessor } from './redirect-uris.processor';
import { ScopeFilter } from './scope.filter';
import { SoftwareProcessor } from './software.processor';
import { DpopProcessor } from './dpop.processor';
import { ServerProfilePolicy } from './server-profile.policy';
import { TlsClientAuthProcessor } from './tls-client-auth.processor';
import { TokenEndpointAuthMethodProcessor } from './token-endpoint-auth-method.processor';
import { UriFilter } from './uri.filter';

/**
 * Runs the processors in a fixed order, the same on registration and on RFC 7592 update:
 * server profile → grants → redirect URIs → token endpoint auth method → keys (jwks) → mutual TLS →
 * DPoP → client name → contacts → scope → software → URIs → host processors (in the order given).
 * The profile comes first so that what its preset forbids is refused by name; grants come next
 * because the redirect-URI and auth-method rules depend on them. A processor not configured for the server
 * is skipped, and the fields it owns are ignored.
 * @publicApi
 */
@Injectable()
export class RegistrationPipeline {
  private readonly logger = new Logger('DcrRegistration');
  private readonly processors: readonly MetadataProcessor[];

  constructor(
    profile: ServerProfilePolicy,
    grants: GrantsPolicy,
    redirectUris: RedirectUrisProcessor,
    authMethod: TokenEndpointAuthMethodProcessor,
    jwks: JwksProcessor,
    tlsClientAuth: TlsClientAuthProcessor,
    dpop: DpopProcessor,
    clientName: ClientNameProcessor,
    contacts: ContactsProcessor,
    scope: ScopeFilter,
    software: SoftwareProcessor,
    uris: UriFilter,
    @Inject(DCR_EXTRA_PROCESSORS) extra: MetadataProcessor[],
  ) {
    this.processors = [profile, grants, redirectUris, authMethod, jwks, tlsClientAuth, dpop, clientName, contacts, scope, software, uris, ...extra];
  }

  /** Runs every enabled processor; on rejection the decision report is logged, then the error rethrown. */
  async run(server: ResolvedServerOptions, request: Record<string, unknown>, operation: ProcessingOperation): Promise<ProcessingContext> {
    const context = new ProcessingContext(server, request, operation);
    try {
      for (const processor of this.processors) {
        if (!processor.isEnabled(server)) continue;
        context.enter(processor.name);
        await processor.process(context);
      }
      context.recordIgnored();
      return context;
    } catch (error) {
      this.logger.debug({ event: 'registration.rejected', server: server.id, operation, decisions: context.decisions });
      throw error;
    }
  }
}

import { Provider, Type } from '@nestjs/common';
import { getEntityManagerToken, getRepositoryToken } from '@nestjs/typeorm';
import { AuthenticationAttemptStore } from './authentication/authentication-attempt.store';
import { AuthenticationThrottle } from './authentication/authentication.throttle';
import { ClientAuthenticator, DefaultClientAuthenticator } from './authentication/client-authenticator';
import { ClientResolver } from './clients/client-resolver';
import { DefaultGuardedFetcherFactory, GuardedFetcherFactory } from './fetch/guarded-fetcher.factory';
import { ClientTrust } from './trust/client-trust';
import { CredentialIssuer } from './credentials/credential-issuer';
import { ClientMetadataDocumentResolver } from './metadata-document/client-metadata-document.resolver';
import { DefaultClientMetadataDocumentResolver } from './metadata-document/default-client-metadata-document.resolver';
import { ConfiguredIdentityGenerator, IdentityGenerator } from './credentials/identity-generator';
import { adminConsoleController } from './console/console.controller';
import { RandomSecretGenerator, SecretGenerator } from './credentials/secret-generator';
import { DCR_ENTITY_MANAGER, DCR_EXTRA_PROCESSORS, DCR_RESOLVED_OPTIONS, DCR_TECH_CLIENT_INTERCEPTORS } from './dcr.constants';
import { MODULE_OPTIONS_TOKEN, type DcrModuleExtras } from './dcr.module-definition';
import { assertRoutesMatch, DcrRoutes } from './dcr.routes';
import { TechClientEvents } from './events/tech-client-events';
import { BodyParserWarning } from './http/body-parser.warning';
import { FastifyBodyInstaller } from './http/fastify-body.installer';
import { InitialAccessTokenStore } from './initial-access/initial-access-token.store';
import { ConfiguredInitialAccessTokenVerifier, InitialAccessTokenVerifier } from './initial-access/initial-access-token.verifier';
import { InitialAccessTokensService } from './initial-access/initial-access-tokens.service';
import { TypeOrmInitialAccessTokenStore } from './persistence/typeorm-initial-access-token.store';
import { initialAccessTokensController, initialAccessTokensMethodsController } from './tech-clients/initial-access-tokens.controller';
import type { DcrModuleOptions } from './options/dcr-module-options.interface';
import { resolveDcrOptions } from './options/validate-options';
import { JobLease } from './persistence/job-lease';
import { TechClientAdminStore } from './tech-clients/tech-client-admin.store';
import { TechClientEntity } from './persistence/tech-client.entity';
import { TechClientStore } from './persistence/tech-client.store';
import { TypeOrmAuthenticationAttemptStore } from './persistence/typeorm-authentication-attempt.store';
import { TypeOrmRateLimitStore } from './persistence/typeorm-rate-limit.store';
import { TypeOrmTechClientAdminStore } from './persistence/typeorm-tech-client-admin.store';
import { TECH_CLIENT_REPOSITORY, TypeOrmTechClientStore } from './persistence/typeorm-tech-client.store';
import { ClientNameProcessor, PatternClientNameProcessor } from './processors/client-name.processor';
import { ContactsProcessor, PatternContactsProcessor } from './processors/contacts.processor';
import { ConfiguredGrantsPolicy, GrantsPolicy } from './processors/grants.policy';
import { DefaultRedirectUrisProcessor, RedirectUrisProcessor } from './processors/redirect-uris.processor';
import { RegistrationPipeline } from './processors/registration.pipeline';
import { PatternScopeFilter, ScopeFilter } from './processors/scope.filter';
import { PatternSoftwareProcessor, SoftwareProcessor } from './processors/software.processor';
import { ConfiguredTokenEndpointAuthMethodProcessor, TokenEndpointAuthMethodProcessor } from './processors/token-endpoint-auth-method.processor';
import { DefaultJwksProcessor, JwksProcessor } from './processors/jwks.processor';
import { DefaultTlsClientAuthProcessor, TlsClientAuthProcessor } from './processors/tls-client-auth.processor';
import { DefaultDpopProcessor, DpopProcessor } from './processors/dpop.processor';
import { ConfiguredServerProfilePolicy, ServerProfilePolicy } from './processors/server-profile.policy';
import { ClientAssertionReplayStore } from './authentication/client-assertion-replay.store';
import { TypeOrmClientAssertionReplayStore } from './persistence/typeorm-client-assertion-replay.store';
import { ClientAssertionVerifier } from './authentication/client-assertion.verifier';
import { ClientKeys } from './authentication/client-keys';
import { MtlsClientVerifier } from './authentication/mtls.verifier';
import { PatternUriFilter, UriFilter } from './processors/uri.filter';
import { OpenRegistrationWarning } from './rate-limit/open-registration.warning';
import { RateLimitStore } from './rate-limit/rate-limit.store';
import { RateLimiter } from './rate-limit/rate-limiter';
import { ClientReaper } from './reaping/client-reaper';
import { ClientConfigurationService } from './registration/client-configuration.service';
import { registrationController, registrationMethodsController } from './registration/registration.controller';
import { RegistrationFlow } from './registration/registration.flow';
import { RegistrationService } from './registration/registration.service';
import { RequestDerivedUriWarning } from './registration/request-derived-uri.warning';
import { SecretDigester } from './secrets/secret-digester';
import { JoseSoftwareStatementVerifier, SoftwareStatementVerifier } from './software-statement/software-statement.verifier';
import { AdminAuthGuard } from './tech-clients/admin-auth.guard';
import { assertAdminPathMatches } from './tech-clients/admin.routes';
import { SearchCursorCodec } from './tech-clients/search-cursor.codec';
import { techClientsController, techClientsMethodsController } from './tech-clients/tech-clients.controller';
import { DCR_ADMIN_HOST_GUARD } from './tech-clients/tech-clients.constants';
import { TechClientsService } from './tech-clients/tech-clients.service';
import { DcrMetrics } from './observability/dcr-metrics';
import { DcrTracer } from './observability/dcr-tracer';
import { ClientAuthenticationObserver } from './observability/client-authentication.observer';

const DCR_ROUTES = 'DCR:ROUTES';

/** Every override point, by its token, with its default implementation. A host replaces one through `providers`. */
const OVERRIDE_POINTS: [abstract new (...args: never[]) => unknown, Type][] = [
  [IdentityGenerator, ConfiguredIdentityGenerator],
  [SecretGenerator, RandomSecretGenerator],
  [GrantsPolicy, ConfiguredGrantsPolicy],
  [RedirectUrisProcessor, DefaultRedirectUrisProcessor],
  [TokenEndpointAuthMethodProcessor, ConfiguredTokenEndpointAuthMethodProcessor],
  [JwksProcessor, DefaultJwksProcessor],
  [TlsClientAuthProcessor, DefaultTlsClientAuthProcessor],
  [DpopProcessor, DefaultDpopProcessor],
  [ServerProfilePolicy, ConfiguredServerProfilePolicy],
  [ClientNameProcessor, PatternClientNameProcessor],
  [ContactsProcessor, PatternContactsProcessor],
  [ScopeFilter, PatternScopeFilter],
  [SoftwareProcessor, PatternSoftwareProcessor],
  [UriFilter, PatternUriFilter],
  [TechClientStore, TypeOrmTechClientStore],
  [InitialAccessTokenVerifier, ConfiguredInitialAccessTokenVerifier],
  [SoftwareStatementVerifier, JoseSoftwareStatementVerifier],
  [RateLimitStore, TypeOrmRateLimitStore],
  [AuthenticationAttemptStore, TypeOrmAuthenticationAttemptStore],
  [ClientAssertionReplayStore, TypeOrmClientAssertionReplayStore],
  [ClientAuthenticator, DefaultClientAuthenticator],
  [TechClientAdminStore, TypeOrmTechClientAdminStore],
  [GuardedFetcherFactory, DefaultGuardedFetcherFactory],
  [ClientMetadataDocumentResolver, DefaultClientMetadataDocumentResolver],
  [InitialAccessTokenStore, TypeOrmInitialAccessTokenStore],
];

/** The module's own services, which hosts use but do not replace. */
const SERVICES: Type[] = [
  SecretDigester,
  TechClientEvents,
  RegistrationPipeline,
  CredentialIssuer,
  RegistrationFlow,
  RegistrationService,
  ClientConfigurationService,
  ClientResolver,
  ClientTrust,
  RateLimiter,
  JobLease,
  ClientReaper,
  AuthenticationThrottle,
  ClientKeys,
  ClientAssertionVerifier,
  MtlsClientVerifier,
  SearchCursorCodec,
  TechClientsService,
  InitialAccessTokensService,
  AdminAuthGuard,
  FastifyBodyInstaller,
  BodyParserWarning,
  RequestDerivedUriWarning,
  DcrMetrics,
  DcrTracer,
  ClientAuthenticationObserver,
];

/** What a host may inject from the module. */
export const DCR_EXPORTS = [
  DCR_RESOLVED_OPTIONS,
  ...OVERRIDE_POINTS.map(([token]) => token),
  SecretDigester,
  TechClientEvents,
  RegistrationPipeline,
  RegistrationService,
  ClientConfigurationService,
  ClientResolver,
  ClientTrust,
  RateLimiter,
  ClientReaper,
  AuthenticationThrottle,
  TechClientsService,
  InitialAccessTokensService,
  DcrMetrics,
  DcrTracer,
];

/** Where the module's routes are and whether the options must be checked against them (async options). */
export interface DcrRouting {
  routes: DcrRoutes;
  adminPath: string | undefined;
  checkRoutes: boolean;
}

/** The providers of one `DcrModule` import. */
export function dcrProviders(extras: DcrModuleExtras, routing: DcrRouting): Provider[] {
  const dataSource = extras.dataSource ?? 'default';
  const extraProcessors = extras.extraProcessors ?? [];
  const interceptors = extras.interceptors ?? [];
  return [
    { provide: DCR_ROUTES, useValue: routing.routes },
    {
      provide: DCR_RESOLVED_OPTIONS,
      inject: [MODULE_OPTIONS_TOKEN, DCR_ROUTES],
      useFactory: (options: DcrModuleOptions, declared: DcrRoutes) => {
        const resolved = resolveDcrOptions(options);
        if (routing.checkRoutes) assertRoutesMatch(declared, resolved);
        if (routing.checkRoutes && routing.adminPath !== undefined) assertAdminPathMatches(routing.adminPath, resolved);
        return resolved;
      },
    },
    { provide: TECH_CLIENT_REPOSITORY, useExisting: getRepositoryToken(TechClientEntity, dataSource) },
    { provide: DCR_ENTITY_MANAGER, useExisting: getEntityManagerToken(dataSource) },
    ...OVERRIDE_POINTS.map(([provide, useClass]) => ({ provide, useClass })),
    ...extraProcessors,
    { provide: DCR_EXTRA_PROCESSORS, inject: extraProcessors, useFactory: (...instances: unknown[]) => instances },
    ...interceptors,
    { provide: DCR_TECH_CLIENT_INTERCEPTORS, inject: interceptors, useFactory: (...instances: unknown[]) => instances },
    ...SERVICES,
    // A host that mounts its own controllers applies its own limits.
    ...(extras.controllers === false ? [] : [OpenRegistrationWarning]),
    ...(extras.adminGuard ? [extras.adminGuard] : []),
    extras.adminGuard
      ? { provide: DCR_ADMIN_HOST_GUARD, useExisting: extras.adminGuard }
      : { provide: DCR_ADMIN_HOST_GUARD, useValue: null },
    // Last, so that a host's provider replaces the default of the same token.
    ...(extras.providers ?? []),
  ];
}

/** The controllers of one `DcrModule` import: per server the registration routes, then the admin API. */
export function dcrControllers(extras: DcrModuleExtras, routing: DcrRouting): Type[] {
  if (extras.controllers === false) return [];
  const { routes, adminPath } = routing;
  return [
    ...Object.entries(routes).flatMap(([id, path]) => [registrationController(id, path), registrationMethodsController(id, path)]),
    // The console and token routes first: on Express the first matching route answers, and `:id` would match them.
    ...(adminPath !== undefined && extras.console ? [adminConsoleController(adminPath)] : []),
    ...(adminPath !== undefined
      ? [initialAccessTokensController(adminPath), initialAccessTokensMethodsController(adminPath), techClientsController(adminPath), techClientsMethodsController(adminPath)]
      : []),
  ];
}

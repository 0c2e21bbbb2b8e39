import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, Provider, RequestMethod, Type } from '@nestjs/common';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { DCR_DATA_SOURCE, DCR_EXTRA_PROCESSORS, DCR_RESOLVED_OPTIONS, DCR_TECH_CLIENT_INTERCEPTORS } from './dcr.constants';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, DcrModuleExtras, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE } from './dcr.module-definition';
import { assertRoutesMatch, DcrRoutes, routesOf } from './dcr.routes';
import { TechClientEvents } from './events/tech-client-events';
import { FastifyBodyInstaller } from './http/fastify-body.installer';
import type { DcrModuleOptions } from './options/dcr-module-options.interface';
import { DCR_DEFAULTS } from './options/option-defaults';
import { resolveDcrOptions } from './options/validate-options';
import type { ResolvedDcrOptions } from './options/resolved-options';
import { corsMiddleware } from './registration/cors.middleware';
import { DCR_ENTITIES } from './persistence';
import { TechClientEntity } from './persistence/tech-client.entity';
import { TechClientStore } from './persistence/tech-client.store';
import { TECH_CLIENT_REPOSITORY, TypeOrmTechClientStore } from './persistence/typeorm-tech-client.store';
import { ClientNameProcessor, PatternClientNameProcessor } from './processors/client-name.processor';
import { ContactsProcessor, PatternContactsProcessor } from './processors/contacts.processor';
import { ConfiguredGrantsPolicy, GrantsPolicy } from './processors/grants.policy';
import { ConfiguredIdentityGenerator, IdentityGenerator } from './credentials/identity-generator';
import { DefaultRedirectUrisProcessor, RedirectUrisProcessor } from './processors/redirect-uris.processor';
import { RegistrationPipeline } from './processors/registration.pipeline';
import { PatternScopeFilter, ScopeFilter } from './processors/scope.filter';
import { RandomSecretGenerator, SecretGenerator } from './credentials/secret-generator';
import { PatternSoftwareProcessor, SoftwareProcessor } from './processors/software.processor';
import { ConfiguredTokenEndpointAuthMethodProcessor, TokenEndpointAuthMethodProcessor } from './processors/token-endpoint-auth-method.processor';
import { PatternUriFilter, UriFilter } from './processors/uri.filter';
import { registrationController, registrationMethodsController } from './registration/registration.controller';
import { RegistrationFlow } from './registration/registration.flow';
import { RegistrationService } from './registration/registration.service';
import { ClientConfigurationService } from './registration/client-configuration.service';
import { CredentialIssuer } from './credentials/credential-issuer';
import { ConfiguredInitialAccessTokenVerifier, InitialAccessTokenVerifier } from './initial-access/initial-access-token.verifier';
import { JoseSoftwareStatementVerifier, SoftwareStatementVerifier } from './software-statement/software-statement.verifier';
import { RateLimitStore, TypeOrmRateLimitStore } from './rate-limit/rate-limit.store';
import { RateLimiter } from './rate-limit/rate-limiter';
import { OpenRegistrationWarning } from './rate-limit/open-registration.warning';
import { ClientReaper } from './reaping/client-reaper';
import { JobLease } from './reaping/job-lease';
import { SecretDigester } from './secrets/secret-digester';
import { AuthenticationAttemptStore } from './authentication/authentication-attempt.store';
import { AuthenticationThrottle } from './authentication/authentication.throttle';
import { ClientAuthenticator, DefaultClientAuthenticator } from './authentication/client-authenticator';
import { TypeOrmAuthenticationAttemptStore } from './authentication/typeorm-authentication-attempt.store';
import { TechClientLockEventEntity } from './persistence/tech-client-lock-event.entity';
import { TechClientAdminStore } from './persistence/tech-client-admin.store';
import { TypeOrmTechClientAdminStore } from './persistence/typeorm-tech-client-admin.store';
import { AdminAuthGuard } from './tech-clients/admin-auth.guard';
import { adminRouteOf, assertAdminPathMatches } from './tech-clients/admin.routes';
import { SearchCursorCodec } from './tech-clients/search-cursor.codec';
import { techClientsController, techClientsMethodsController } from './tech-clients/tech-clients.controller';
import { DCR_ADMIN_HOST_GUARD } from './tech-clients/tech-clients.constants';
import { TechClientsService } from './tech-clients/tech-clients.service';

const DCR_ROUTES = 'DCR:ROUTES';

/** Default implementation of every override point, by its token. */
const DEFAULT_IMPLEMENTATIONS: [abstract new (...args: never[]) => unknown, Type][] = [
  [IdentityGenerator, ConfiguredIdentityGenerator],
  [SecretGenerator, RandomSecretGenerator],
  [GrantsPolicy, ConfiguredGrantsPolicy],
  [RedirectUrisProcessor, DefaultRedirectUrisProcessor],
  [TokenEndpointAuthMethodProcessor, ConfiguredTokenEndpointAuthMethodProcessor],
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
  [ClientAuthenticator, DefaultClientAuthenticator],
  [TechClientAdminStore, TypeOrmTechClientAdminStore],
];

/**
 * OAuth 2.0 Dynamic Client Registration for a NestJS IAM host:
 * `DcrModule.forRoot(options)` or `DcrModule.forRootAsync({ imports, inject, useFactory })`.
 * Uses the host's TypeORM DataSource; add `DCR_ENTITIES` and `DCR_MIGRATIONS` to it.
 * @publicApi
 */
@Module({})
export class DcrModule extends ConfigurableModuleClass implements NestModule {
  constructor(@Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions) {
    super();
  }

  /** CORS middleware for the servers that configure it, on their registration routes only. */
  configure(consumer: MiddlewareConsumer): void {
    for (const server of this.options.servers.values()) {
      if (!server.cors) continue;
      const path = server.registrationPath;
      consumer.apply(corsMiddleware(server.cors)).forRoutes({ path, method: RequestMethod.ALL }, { path: `${path}/:clientId`, method: RequestMethod.ALL });
    }
  }

  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return build(super.forRoot(options), options, routesOf(options as DcrModuleOptions), false, adminRouteOf(options as DcrModuleOptions));
  }

  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    const routes = options.registrationPaths ?? routesOf({} as DcrModuleOptions);
    return build(super.forRootAsync(options), options, routes, true, options.adminPath ?? DCR_DEFAULTS.adminPath);
  }
}

function build(
  definition: DynamicModule, extras: DcrModuleExtras, routes: DcrRoutes, checkRoutes: boolean, adminPath: string | undefined,
): DynamicModule {
  const dataSource = extras.dataSource ?? 'default';
  const extraProcessors = extras.extraProcessors ?? [];
  const interceptors = extras.interceptors ?? [];
  const providers: Provider[] = [
    { provide: DCR_ROUTES, useValue: routes },
    {
      provide: DCR_RESOLVED_OPTIONS,
      inject: [MODULE_OPTIONS_TOKEN, DCR_ROUTES],
      useFactory: (options: DcrModuleOptions, declared: DcrRoutes) => {
        const resolved = resolveDcrOptions(options);
        if (checkRoutes) assertRoutesMatch(declared, resolved);
        if (checkRoutes && adminPath !== undefined) assertAdminPathMatches(adminPath, resolved);
        return resolved;
      },
    },
    { provide: DCR_DATA_SOURCE, useValue: dataSource },
    { provide: TECH_CLIENT_REPOSITORY, useExisting: getRepositoryToken(TechClientEntity, dataSource) },
    ...DEFAULT_IMPLEMENTATIONS.map(([provide, useClass]) => ({ provide, useClass })),
    ...extraProcessors,
    { provide: DCR_EXTRA_PROCESSORS, inject: extraProcessors, useFactory: (...instances: unknown[]) => instances },
    ...interceptors,
    { provide: DCR_TECH_CLIENT_INTERCEPTORS, inject: interceptors, useFactory: (...instances: unknown[]) => instances },
    FastifyBodyInstaller,
    SecretDigester,
    TechClientEvents,
    RegistrationPipeline,
    CredentialIssuer,
    RegistrationFlow,
    RegistrationService,
    ClientConfigurationService,
    RateLimiter,
    JobLease,
    ClientReaper,
    AuthenticationThrottle,
    SearchCursorCodec,
    TechClientsService,
    AdminAuthGuard,
    // A host that mounts its own controllers applies its own limits.
    ...(extras.controllers === false ? [] : [OpenRegistrationWarning]),
    ...(extras.adminGuard ? [extras.adminGuard] : []),
    extras.adminGuard
      ? { provide: DCR_ADMIN_HOST_GUARD, useExisting: extras.adminGuard }
      : { provide: DCR_ADMIN_HOST_GUARD, useValue: null },
    // Last, so that a host's provider replaces the default of the same token.
    ...(extras.providers ?? []),
  ];
  return {
    ...definition,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature([TechClientEntity, TechClientLockEventEntity], dataSource)],
    controllers: extras.controllers === false ? [] : [
      ...Object.entries(routes).flatMap(([id, path]) => [registrationController(id, path), registrationMethodsController(id, path)]),
      ...(adminPath !== undefined ? [techClientsController(adminPath), techClientsMethodsController(adminPath)] : []),
    ],
    providers: [...(definition.providers ?? []), ...providers],
    exports: [
      DCR_RESOLVED_OPTIONS,
      ...DEFAULT_IMPLEMENTATIONS.map(([token]) => token),
      SecretDigester,
      TechClientEvents,
      RegistrationPipeline,
      RegistrationService,
      ClientConfigurationService,
      RateLimiter,
      ClientReaper,
      AuthenticationThrottle,
      TechClientsService,
    ],
  };
}

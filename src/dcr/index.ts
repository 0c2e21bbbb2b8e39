// Public API of nestjs-dcr, promised under semantic versioning: the module and its options, the
// override points with their defaults, the services a host calls, errors, events, entities and
// migrations. Helpers for a host's own endpoints are in `nestjs-dcr/http`, OpenAPI helpers in
// `nestjs-dcr/openapi`. Anything else is internal and may change in any release.

// The module and its options.
export { DcrModule } from './dcr.module';
export type { DcrModuleExtras } from './dcr.module-definition';
export { getDcrOptionsToken } from './dcr.constants';
export type * from './options/dcr-module-options.interface';
export type {
  ResolvedClientAuthenticationOptions,
  ResolvedClientIdMetadataDocumentOptions,
  ResolvedJwksOptions,
  ResolvedDcrOptions,
  ResolvedMetricsOptions,
  ResolvedInitialAccessToken,
  ResolvedPatternRule,
  ResolvedServerOptions,
  ResolvedSoftwareStatementOptions,
  ResolvedTrustedIssuer,
  RegistrationTier,
  ResolvedTiers,
  ResolvedTier,
  ResolvedAnonymousTier,
  ResolvedReservedNames,
} from './options/resolved-options';
export { CLIENT_ID_MAX_LENGTH, MTLS_AUTH_METHODS, SECRET_AUTH_METHODS, TLS_CLIENT_AUTH_FIELDS } from './vocabulary/client-vocabulary';
export type { TlsClientAuthField } from './vocabulary/client-vocabulary';

// Override points (`{ provide: Token, useClass: … }`) and their defaults.
export { MetadataProcessor } from './processors/metadata-processor';
export { ProcessingContext } from './processors/processing-context';
export type { DecisionRecord, FieldDecision, ProcessingOperation } from './processors/processing-context';
export { ConfiguredGrantsPolicy, GrantsPolicy } from './processors/grants.policy';
export { DefaultRedirectUrisProcessor, RedirectUrisProcessor } from './processors/redirect-uris.processor';
export { ConfiguredTokenEndpointAuthMethodProcessor, TokenEndpointAuthMethodProcessor } from './processors/token-endpoint-auth-method.processor';
export { DefaultJwksProcessor, JwksProcessor } from './processors/jwks.processor';
export { DefaultTlsClientAuthProcessor, TlsClientAuthProcessor } from './processors/tls-client-auth.processor';
export { DefaultDpopProcessor, DpopProcessor } from './processors/dpop.processor';
export { ConfiguredServerProfilePolicy, ServerProfilePolicy } from './processors/server-profile.policy';
export { ClientNameProcessor, PatternClientNameProcessor } from './processors/client-name.processor';
export { ContactsProcessor, PatternContactsProcessor } from './processors/contacts.processor';
export { PatternScopeFilter, ScopeFilter } from './processors/scope.filter';
export { PatternSoftwareProcessor, SoftwareProcessor } from './processors/software.processor';
export { PatternUriFilter, UriFilter } from './processors/uri.filter';
export { ConfiguredIdentityGenerator, IdentityGenerator, RandomStringIdentityGenerator, UuidIdentityGenerator } from './credentials/identity-generator';
export { RandomSecretGenerator, SecretGenerator } from './credentials/secret-generator';
export { ConfiguredInitialAccessTokenVerifier, InitialAccessTokenVerifier } from './initial-access/initial-access-token.verifier';
export type { InitialAccessGrant } from './initial-access/initial-access-token.verifier';
export { InitialAccessTokenStore } from './initial-access/initial-access-token.store';
export type { InitialAccessTokenPage } from './initial-access/initial-access-token.store';
export { TypeOrmInitialAccessTokenStore } from './persistence/typeorm-initial-access-token.store';
export { JoseSoftwareStatementVerifier, SoftwareStatementVerifier } from './software-statement/software-statement.verifier';
export { ClientAuthenticator, DefaultClientAuthenticator } from './authentication/client-authenticator';
export type { AuthenticatedClient, AuthenticatedTechClient, ClientAuthenticationRequest } from './authentication/client-authenticator';
export type { ClientAuthenticationMethod } from './authentication/presented-credentials';
export type { PresentedClientCertificate } from './authentication/client-certificate';
export { certificateThumbprint } from './authentication/mtls.verifier';
export { ClientMetadataDocumentResolver } from './metadata-document/client-metadata-document.resolver';
export { DefaultClientMetadataDocumentResolver } from './metadata-document/default-client-metadata-document.resolver';
export { DefaultGuardedFetcher, GuardedFetcher } from './fetch/guarded-fetcher';
export { DefaultGuardedFetcherFactory, GuardedFetcherFactory } from './fetch/guarded-fetcher.factory';
export type { GuardedFetchPurpose } from './fetch/guarded-fetcher.factory';
export type { FetchedDocument, GuardedFetchOptions } from './fetch/guarded-fetcher';
export type { GuardedFetcherDevelopmentOptions, GuardedFetcherOptions, HostResolver, ResolvedAddress } from './fetch/fetch-options';
export { FetchRefusedError } from './fetch/fetch-refused.error';
export type { FetchRefusalReason } from './fetch/fetch-refused.error';
export { TechClientStore } from './persistence/tech-client.store';
export type { InsertOptions, ReapingCriteria, TechClientChanges } from './persistence/tech-client.store';
export { TypeOrmTechClientStore } from './persistence/typeorm-tech-client.store';
export { TechClientAdminStore } from './tech-clients/tech-client-admin.store';
export type {
  ConditionalWriteResult,
  TechClientDetailsChange,
  TechClientLockEvent,
  TechClientSecretChange,
  TechClientSecretState,
} from './tech-clients/tech-client-admin.store';
export type { TechClientKeyset, TechClientSearchFilter, TechClientSearchPage, TechClientSortField, TechClientSummary } from './persistence/tech-client-summary';
export { TypeOrmTechClientAdminStore } from './persistence/typeorm-tech-client-admin.store';
export type { ClientQuotas } from './persistence/client-counters';
export { RateLimitStore } from './rate-limit/rate-limit.store';
export { TypeOrmRateLimitStore } from './persistence/typeorm-rate-limit.store';
export { AuthenticationAttemptStore } from './authentication/authentication-attempt.store';
export type { AttemptCounter } from './authentication/authentication-attempt.store';
export { TypeOrmAuthenticationAttemptStore } from './persistence/typeorm-authentication-attempt.store';
export { ClientAssertionReplayStore } from './authentication/client-assertion-replay.store';
export { TypeOrmClientAssertionReplayStore } from './persistence/typeorm-client-assertion-replay.store';

// Services a host calls.
export { RegistrationService } from './registration/registration.service';
export type { RegistrationRequest } from './registration/registration.service';
export { ClientConfigurationService } from './registration/client-configuration.service';
export { ClientResolver } from './clients/client-resolver';
export type { TechClientView } from './clients/client-view';
export { ClientTrust } from './trust/client-trust';
export type { ClientTrustSignals } from './trust/client-trust';
export type { ClientInformation } from './registration/client-information';
export { TechClientsService, MAX_SECRET_GRACE_SECONDS } from './tech-clients/tech-clients.service';
export type { AdminChangeContext, RotatedSecret, TechClientLockHistoryPage, TechClientSearchResult, TechClientUpdate } from './tech-clients/tech-clients.service';
export { ADMIN_PAGE, TECH_CLIENT_SORTS } from './tech-clients/tech-client-search.query';
export type { TechClientSearchQuery, TechClientSort } from './tech-clients/tech-client-search.query';
export { ClientReaper } from './reaping/client-reaper';
export { InitialAccessTokensService } from './initial-access/initial-access-tokens.service';
export type { InitialAccessTokenChangeContext, InitialAccessTokenRequest, InitialAccessTokenSummary } from './initial-access/initial-access-tokens.service';
export { allowedScopes, assertGrantAllowed, registeredGrantTypes, registeredScopes } from './authentication/client-policy';
export type { PolicyClient } from './authentication/client-policy';
export { dcrAuthorizationServerMetadata } from './discovery/authorization-server-metadata';
export type { AuthorizationServerMetadata } from './discovery/authorization-server-metadata';

// Errors.
export { DcrConfigurationError } from './errors/dcr-configuration.error';
export {
  AccessDeniedError,
  DcrError,
  InvalidClientMetadataError,
  InvalidRedirectUriError,
  InvalidRequestError,
  InvalidSoftwareStatementError,
  InvalidTokenError,
  PayloadTooLargeError,
  StorageUnavailableError,
  TemporarilyUnavailableError,
  TooManyRequestsError,
  UnapprovedSoftwareStatementError,
  UnsupportedMediaTypeError,
} from './errors/dcr.error';
export {
  ClientAuthenticationThrottledError,
  InvalidClientError,
  InvalidScopeError,
  TokenRequestBodyError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
} from './errors/token-endpoint.error';
export { ClientMetadataDocumentError } from './errors/client-metadata-document.error';
export type { ClientMetadataDocumentFailure } from './errors/client-metadata-document.error';
export { UnknownClientError } from './errors/unknown-client.error';
export { AdminForbiddenError } from './errors/admin-forbidden.error';
export { AdminUnauthorizedError } from './errors/admin-unauthorized.error';
export { ConflictError } from './errors/conflict.error';
export { MethodNotAllowedError } from './errors/method-not-allowed.error';
export { NotFoundError } from './errors/not-found.error';
export { PreconditionFailedError } from './errors/precondition-failed.error';
export { ClientIdConflictError, InitialAccessTokenExhaustedError } from './persistence/tech-client.store';
export { QuotaExceededError } from './persistence/client-counters';
export type { QuotaName } from './persistence/client-counters';
export { DcrExceptionFilter } from './errors/dcr-exception.filter';

// Metrics (with the optional peer prom-client).
export { DCR_METRICS_REGISTRY, DcrMetrics } from './observability/dcr-metrics';
export type { ThrottledEndpoint } from './observability/dcr-metrics';
export type { DcrMetricsRegistry } from './observability/metric-instruments';

// Events.
export { TechClientInterceptor } from './events/tech-client.interceptor';
export type { TechClientActor, TechClientChange, TechClientEvent } from './events/tech-client-event';

// Entities and migrations for the host's DataSource.
export { DCR_ENTITIES, DCR_MIGRATIONS } from './persistence';
export { TechClientEntity } from './persistence/tech-client.entity';
export type { ClientArrival, TechClientSource } from './persistence/tech-client.entity';
export { TechClientLockEventEntity } from './persistence/tech-client-lock-event.entity';
export type { LockAction } from './persistence/tech-client-lock-event.entity';
export { InitialAccessTokenUseEntity } from './persistence/initial-access-token-use.entity';
export { InitialAccessTokenEntity } from './persistence/initial-access-token.entity';
export { ClientAssertionUseEntity } from './persistence/client-assertion-use.entity';
export { AuthenticationFailureEntity } from './persistence/authentication-failure.entity';

// Public API of nestjs-dcr. Anything not exported here is internal and may change.
export { DcrModule } from './dcr.module';
export type { DcrModuleExtras } from './dcr.module-definition';
export { DCR_RESOLVED_OPTIONS } from './dcr.constants';

export type * from './options/dcr-module-options.interface';
export type {
  ResolvedDcrOptions,
  ResolvedInitialAccessToken,
  ResolvedPatternRule,
  ResolvedServerOptions,
  ResolvedSoftwareStatementOptions,
  ResolvedTrustedIssuer,
} from './options/resolved-options';
export { resolveDcrOptions } from './options/validate-options';
export { DCR_DEFAULTS } from './options/option-defaults';

export { LinearRegex } from './regex/linear-regex';
export { SecretDigester } from './secrets/secret-digester';
export { CLIENT_ID_MAX_LENGTH, SECRET_AUTH_METHODS } from './vocabulary/client-vocabulary';
export { randomBase64Url } from './secrets/random-value';

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
  UnapprovedSoftwareStatementError,
  UnsupportedMediaTypeError,
} from './errors/dcr.error';
export { DcrExceptionFilter } from './errors/dcr-exception.filter';

export { MetadataProcessor } from './processors/metadata-processor';
export { ProcessingContext } from './processors/processing-context';
export type { DecisionRecord, FieldDecision, ProcessingOperation } from './processors/processing-context';
export { RegistrationPipeline } from './processors/registration.pipeline';
export { ConfiguredIdentityGenerator, IdentityGenerator, RandomStringIdentityGenerator, UuidIdentityGenerator } from './credentials/identity-generator';
export { RandomSecretGenerator, SecretGenerator } from './credentials/secret-generator';
export { ConfiguredGrantsPolicy, GrantsPolicy } from './processors/grants.policy';
export { DefaultRedirectUrisProcessor, RedirectUrisProcessor } from './processors/redirect-uris.processor';
export {
  ConfiguredTokenEndpointAuthMethodProcessor,
  TokenEndpointAuthMethodProcessor,
} from './processors/token-endpoint-auth-method.processor';
export { ClientNameProcessor, PatternClientNameProcessor } from './processors/client-name.processor';
export { ContactsProcessor, PatternContactsProcessor } from './processors/contacts.processor';
export { PatternScopeFilter, ScopeFilter } from './processors/scope.filter';
export { PatternSoftwareProcessor, SoftwareProcessor } from './processors/software.processor';
export { PatternUriFilter, UriFilter } from './processors/uri.filter';

export { RegistrationService } from './registration/registration.service';
export type { RegistrationRequest } from './registration/registration.service';
export { ClientConfigurationService } from './registration/client-configuration.service';
export { ConfiguredInitialAccessTokenVerifier, InitialAccessTokenVerifier } from './initial-access/initial-access-token.verifier';
export type { InitialAccessGrant } from './initial-access/initial-access-token.verifier';
export { JoseSoftwareStatementVerifier, SoftwareStatementVerifier } from './software-statement/software-statement.verifier';
export { requestBaseUrl } from './registration/request-base-url';
export type { DcrHttpRequest } from './http/http-request';
export { DcrRawBody } from './http/raw-body.decorator';
export { OAuthErrorDto } from './openapi/oauth-error.dto';
export { addDcrSecuritySchemes, DCR_SECURITY_SCHEMES } from './openapi/security-schemes';
export { dcrOperationId } from './openapi/operation-id';
export type { HttpSecurityScheme, SecuritySchemeBuilder } from './openapi/security-schemes';
export { ClientMetadataDto, ClientUpdateDto } from './registration/dto/client-metadata.dto';
export { ClientInformationDto } from './registration/dto/client-information.dto';
export { METADATA_LIMITS, assertClientMetadataShape } from './registration/client-metadata.bounds';
export { toClientInformation } from './registration/client-information';
export type { ClientInformation } from './registration/client-information';

export { TechClientEntity } from './persistence/tech-client.entity';
export type { TechClientSource } from './persistence/tech-client.entity';
export { ClientIdConflictError, InitialAccessTokenExhaustedError, TechClientStore } from './persistence/tech-client.store';
export type { InsertOptions, TechClientChanges } from './persistence/tech-client.store';
export { InitialAccessTokenUseEntity } from './persistence/initial-access-token-use.entity';
export { TypeOrmTechClientStore } from './persistence/typeorm-tech-client.store';
export { DCR_ENTITIES, DCR_MIGRATIONS } from './persistence';

export { TechClientInterceptor } from './events/tech-client.interceptor';
export { TechClientEvents } from './events/tech-client-events';
export type { TechClientActor, TechClientChange, TechClientEvent } from './events/tech-client-event';

export { RateLimiter } from './rate-limit/rate-limiter';
export type { RateLimitedEndpoint } from './rate-limit/rate-limiter';
export { RateLimitStore } from './rate-limit/rate-limit.store';
export { TypeOrmRateLimitStore } from './persistence/typeorm-rate-limit.store';
export { ClientReaper } from './reaping/client-reaper';
export { QuotaExceededError } from './persistence/client-counters';
export type { ClientQuotas } from './persistence/client-counters';
export type { ReapingCriteria } from './persistence/tech-client.store';
export { TooManyRequestsError } from './errors/dcr.error';

export { ClientAuthenticator, DefaultClientAuthenticator } from './authentication/client-authenticator';
export type { AuthenticatedClient, AuthenticatedTechClient, ClientAuthenticationRequest } from './authentication/client-authenticator';
export { presentedCredentials } from './authentication/presented-credentials';
export type { ClientAuthenticationMethod, PresentedCredentials } from './authentication/presented-credentials';
export { isBasicAuthorization, parseBasicAuthorization } from './authentication/basic-credentials';
export type { BasicCredentials } from './authentication/basic-credentials';
export { FORM_BODY_LIMITS, parseForm, readFormBody } from './http/form-body.reader';
export type { FormParameters } from './http/form-body.reader';
export { AuthenticationAttemptStore } from './authentication/authentication-attempt.store';
export type { AttemptCounter } from './authentication/authentication-attempt.store';
export { TypeOrmAuthenticationAttemptStore } from './persistence/typeorm-authentication-attempt.store';
export { AuthenticationThrottle } from './authentication/authentication.throttle';
export type { ThrottleCheck, ThrottleCounter, ThrottleVerdict } from './authentication/authentication.throttle';
export { allowedScopes, assertGrantAllowed, registeredGrantTypes, registeredScopes } from './authentication/client-policy';
export type { PolicyClient } from './authentication/client-policy';
export {
  ClientAuthenticationThrottledError,
  InvalidClientError,
  InvalidScopeError,
  TokenRequestBodyError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
} from './errors/token-endpoint.error';
export { AuthenticationFailureEntity } from './persistence/authentication-failure.entity';
export { dcrAuthorizationServerMetadata } from './discovery/authorization-server-metadata';
export type { AuthorizationServerMetadata } from './discovery/authorization-server-metadata';
export type { ResolvedClientAuthenticationOptions } from './options/resolved-options';
export { clientAddressKey, clientIp } from './network/client-address';
export { TechClientsService, MAX_SECRET_GRACE_SECONDS } from './tech-clients/tech-clients.service';
export type {
  AdminChangeContext,
  RotatedSecret,
  TechClientLockHistoryPage,
  TechClientSearchResult,
  TechClientUpdate,
} from './tech-clients/tech-clients.service';
export { ADMIN_PAGE, TECH_CLIENT_SORTS } from './tech-clients/tech-client-search.query';
export type { TechClientSearchQuery, TechClientSort } from './tech-clients/tech-client-search.query';
export * from './tech-clients/dto/tech-client-resource.dto';
export * from './tech-clients/dto/lock-event-resource.dto';
export * from './tech-clients/dto/admin-documents.dto';
export * from './tech-clients/dto/admin-requests.dto';
export { TechClientAdminStore } from './persistence/tech-client-admin.store';
export type {
  ConditionalWriteResult,
  TechClientDetailsChange,
  TechClientLockEvent,
  TechClientSecretChange,
  TechClientSecretState,
} from './persistence/tech-client-admin.store';
export { TypeOrmTechClientAdminStore } from './persistence/typeorm-tech-client-admin.store';
export type {
  TechClientKeyset,
  TechClientSearchFilter,
  TechClientSearchPage,
  TechClientSortField,
  TechClientSummary,
} from './persistence/tech-client-summary';
export { TechClientLockEventEntity } from './persistence/tech-client-lock-event.entity';
export type { LockAction } from './persistence/tech-client-lock-event.entity';
export { foldForSearch, nameSearchOf } from './persistence/name-search';
export { NotFoundError } from './errors/not-found.error';
export { MethodNotAllowedError } from './errors/method-not-allowed.error';
export { AdminUnauthorizedError } from './errors/admin-unauthorized.error';
export { AdminForbiddenError } from './errors/admin-forbidden.error';
export { ConflictError } from './errors/conflict.error';
export { PreconditionFailedError } from './errors/precondition-failed.error';

// Public API of nestjs-dcr. Anything not exported here is internal and may change.
export { DcrModule } from './dcr.module';
export type { DcrModuleExtras } from './dcr.module-definition';
export { DCR_RESOLVED_OPTIONS } from './dcr.constants';

export type * from './options/dcr-module-options.interface';
export type { ResolvedDcrOptions, ResolvedServerOptions, ResolvedPatternRule } from './options/resolved-options';
export { resolveDcrOptions } from './options/validate-options';
export { DCR_DEFAULTS } from './options/option-defaults';

export { LinearRegex } from './regex/linear-regex';
export { SecretDigester } from './secrets/secret-digester';
export { randomBase64Url } from './secrets/random-value';

export { DcrConfigurationError } from './errors/dcr-configuration.error';
export {
  DcrError,
  InvalidClientMetadataError,
  InvalidRedirectUriError,
  PayloadTooLargeError,
  StorageUnavailableError,
  UnsupportedMediaTypeError,
} from './errors/dcr.error';
export { DcrExceptionFilter } from './errors/dcr-exception.filter';

export { MetadataProcessor } from './processors/metadata-processor';
export { ProcessingContext } from './processors/processing-context';
export type { DecisionRecord, FieldDecision, ProcessingOperation } from './processors/processing-context';
export { RegistrationPipeline } from './processors/registration.pipeline';
export { ConfiguredIdentityGenerator, IdentityGenerator, RandomStringIdentityGenerator, UuidIdentityGenerator } from './processors/identity-generator';
export { RandomSecretGenerator, SecretGenerator } from './processors/secret-generator';
export { ConfiguredGrantsPolicy, GrantsPolicy } from './processors/grants.policy';
export { DefaultRedirectUrisProcessor, RedirectUrisProcessor } from './processors/redirect-uris.processor';
export {
  ConfiguredTokenEndpointAuthMethodProcessor,
  SECRET_AUTH_METHODS,
  TokenEndpointAuthMethodProcessor,
} from './processors/token-endpoint-auth-method.processor';
export { ClientNameProcessor, PatternClientNameProcessor } from './processors/client-name.processor';
export { ContactsProcessor, PatternContactsProcessor } from './processors/contacts.processor';
export { PatternScopeFilter, ScopeFilter } from './processors/scope.filter';
export { PatternSoftwareProcessor, SoftwareProcessor } from './processors/software.processor';
export { PatternUriFilter, UriFilter } from './processors/uri.filter';

export { RegistrationService } from './registration/registration.service';
export { METADATA_LIMITS, assertClientMetadataShape } from './registration/client-metadata.bounds';
export { toClientInformation } from './registration/client-information';
export type { ClientInformation } from './registration/client-information';

export { TechClientEntity } from './persistence/tech-client.entity';
export type { TechClientSource } from './persistence/tech-client.entity';
export { ClientIdConflictError, TechClientStore } from './persistence/tech-client.store';
export { TypeOrmTechClientStore } from './persistence/typeorm-tech-client.store';
export { DCR_ENTITIES, DCR_MIGRATIONS } from './persistence';

export { TechClientInterceptor } from './events/tech-client.interceptor';
export { TechClientEvents } from './events/tech-client-events';
export type { TechClientActor, TechClientChange, TechClientEvent } from './events/tech-client-event';

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
export { InvalidRequestError } from './errors/invalid-request.error';
export { NotFoundError } from './errors/not-found.error';
export { AdminUnauthorizedError } from './errors/admin-unauthorized.error';
export { AdminForbiddenError } from './errors/admin-forbidden.error';
export { ConflictError } from './errors/conflict.error';
export { PreconditionFailedError } from './errors/precondition-failed.error';

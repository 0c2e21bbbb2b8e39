import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * The public surface, name by name (values and types), of each entry point of the package. A
 * change here is a change to what the package promises under semantic versioning: make it on
 * purpose, and say so in the changelog. Anything not listed is internal.
 */
const PUBLIC_SURFACE: Record<string, string[]> = {
  'nestjs-dcr': [
    'ADMIN_PAGE', 'AccessDeniedError', 'AdminChangeContext', 'AdminForbiddenError', 'AdminOptions',
    'AdminUnauthorizedError', 'AttemptCounter', 'AuthenticatedClient', 'AuthenticatedTechClient',
    'AuthenticationAttemptStore', 'AuthenticationFailureEntity', 'AuthorizationServerMetadata',
    'CLIENT_ID_MAX_LENGTH', 'ClientAuthenticationMethod', 'ClientAuthenticationOptions',
    'ClientAuthenticationRequest', 'ClientAuthenticationThrottledError', 'ClientAuthenticator',
    'ClientConfigurationService', 'ClientIdConflictError', 'ClientIdMetadataDocumentCacheOptions',
    'ClientIdMetadataDocumentDevelopmentOptions', 'ClientIdMetadataDocumentOptions', 'ClientIdOptions',
    'ClientInformation', 'ClientMetadataDocumentError', 'ClientMetadataDocumentFailure',
    'ClientMetadataDocumentResolver', 'ClientNameOptions', 'ClientNameProcessor', 'ClientQuotas',
    'ClientReaper', 'ClientResolver', 'ClientSecretOptions', 'ConditionalWriteResult',
    'ConfiguredGrantsPolicy', 'ConfiguredIdentityGenerator', 'ConfiguredInitialAccessTokenVerifier',
    'ConfiguredTokenEndpointAuthMethodProcessor', 'ConflictError', 'ContactsOptions', 'ContactsProcessor',
    'CorsOptions', 'DCR_ENTITIES', 'DCR_MIGRATIONS', 'DcrConfigurationError', 'DcrError',
    'DcrExceptionFilter', 'DcrModule', 'DcrModuleExtras', 'DcrModuleOptions', 'DcrServerOptions',
    'DecisionRecord', 'DefaultClientAuthenticator', 'DefaultClientMetadataDocumentResolver',
    'DefaultGuardedFetcher', 'DefaultRedirectUrisProcessor', 'FetchRefusalReason', 'FetchRefusedError',
    'FetchedDocument', 'FieldDecision', 'GrantsOptions', 'GrantsPolicy', 'GuardedFetchOptions',
    'GuardedFetcher', 'GuardedFetcherDevelopmentOptions', 'GuardedFetcherOptions', 'HostResolver',
    'IdentityGenerator', 'InitialAccessGrant', 'InitialAccessProfile', 'InitialAccessTokenEntry',
    'InitialAccessTokenExhaustedError', 'InitialAccessTokenOptions', 'InitialAccessTokenUseEntity',
    'InitialAccessTokenVerifier', 'InsertOptions', 'InvalidClientError', 'InvalidClientMetadataError',
    'InvalidRedirectUriError', 'InvalidRequestError', 'InvalidScopeError', 'InvalidSoftwareStatementError',
    'InvalidTokenError', 'JoseSoftwareStatementVerifier', 'LockAction', 'MAX_SECRET_GRACE_SECONDS',
    'ManagementOptions', 'MetadataProcessor', 'MethodNotAllowedError', 'NotFoundError',
    'PatternClientNameProcessor', 'PatternContactsProcessor', 'PatternRule', 'PatternScopeFilter',
    'PatternSoftwareProcessor', 'PatternUriFilter', 'PayloadTooLargeError', 'PolicyClient',
    'PreconditionFailedError', 'ProcessingContext', 'ProcessingOperation', 'ProcessorsOptions',
    'QuotaExceededError', 'QuotaOptions', 'RandomSecretGenerator', 'RandomStringIdentityGenerator',
    'RateLimitOptions', 'RateLimitRule', 'RateLimitStore', 'ReapingCriteria', 'ReapingOptions',
    'RedirectUrisOptions', 'RedirectUrisProcessor', 'RegistrationRequest', 'RegistrationService',
    'ResolvedAddress', 'ResolvedClientAuthenticationOptions', 'ResolvedClientIdMetadataDocumentOptions',
    'ResolvedDcrOptions', 'ResolvedInitialAccessToken', 'ResolvedPatternRule', 'ResolvedServerOptions',
    'ResolvedSoftwareStatementOptions', 'ResolvedTrustedIssuer', 'RotatedSecret', 'SECRET_AUTH_METHODS',
    'ScopeFilter', 'ScopeOptions', 'SecretGenerator', 'SoftwareOptions', 'SoftwareProcessor',
    'SoftwareStatementOptions', 'SoftwareStatementVerifier', 'StorageUnavailableError', 'TECH_CLIENT_SORTS',
    'TechClientActor', 'TechClientAdminStore', 'TechClientChange', 'TechClientChanges',
    'TechClientDetailsChange', 'TechClientEntity', 'TechClientEvent', 'TechClientInterceptor',
    'TechClientKeyset', 'TechClientLockEvent', 'TechClientLockEventEntity', 'TechClientLockHistoryPage',
    'TechClientSearchFilter', 'TechClientSearchPage', 'TechClientSearchQuery', 'TechClientSearchResult',
    'TechClientSecretChange', 'TechClientSecretState', 'TechClientSort', 'TechClientSortField',
    'TechClientSource', 'TechClientStore', 'TechClientSummary', 'TechClientUpdate', 'TechClientView',
    'TechClientsService', 'TemporarilyUnavailableError', 'TokenEndpointAuthMethod',
    'TokenEndpointAuthMethodOptions', 'TokenEndpointAuthMethodProcessor', 'TokenRequestBodyError',
    'TooManyRequestsError', 'TrustedIssuerOptions', 'TypeOrmAuthenticationAttemptStore',
    'TypeOrmRateLimitStore', 'TypeOrmTechClientAdminStore', 'TypeOrmTechClientStore',
    'UnapprovedSoftwareStatementError', 'UnauthorizedClientError', 'UnknownClientError',
    'UnsupportedGrantTypeError', 'UnsupportedMediaTypeError', 'UriFilter', 'UriRule', 'UrisOptions',
    'UuidIdentityGenerator', 'allowedScopes', 'assertGrantAllowed', 'dcrAuthorizationServerMetadata',
    'getDcrOptionsToken', 'registeredGrantTypes', 'registeredScopes',
  ],
  'nestjs-dcr/http': [
    'BasicCredentials', 'BodyErrorFactory', 'BodyProblem', 'DcrHttpRequest', 'DcrRawBody', 'FORM_BODY_LIMITS',
    'FormBodyOptions', 'FormParameters', 'JsonBodyOptions', 'PresentedCredentials', 'clientIp',
    'isBasicAuthorization', 'parseBasicAuthorization', 'parseForm', 'presentedCredentials', 'readFormBody',
    'readJsonBody', 'requestBaseUrl',
  ],
  'nestjs-dcr/openapi': [
    'ClientInformationDto', 'ClientMetadataDto', 'ClientUpdateDto', 'DCR_SECURITY_SCHEMES', 'DocumentMetaDto',
    'HttpSecurityScheme', 'ListDocumentMetaDto', 'LockEventAttributesDto', 'LockEventResourceDto',
    'LockHistoryDocumentDto', 'LockTechClientDto', 'OAuthErrorDto', 'PageMetaDto', 'RotateSecretDto',
    'RotatedSecretAttributesDto', 'RotatedSecretDocumentDto', 'RotatedSecretResourceDto',
    'SecuritySchemeBuilder', 'TechClientAttributesDto', 'TechClientDocumentDto', 'TechClientListDocumentDto',
    'TechClientResourceDto', 'UpdateTechClientDto', 'addDcrSecuritySchemes', 'dcrOperationId',
  ],
};

const ENTRY_POINTS: Record<string, string> = {
  'nestjs-dcr': 'index.ts',
  'nestjs-dcr/http': 'entry-points/http.ts',
  'nestjs-dcr/openapi': 'entry-points/openapi.ts',
};

function exportedNames(): Record<string, string[]> {
  const root = join(__dirname, '..', '..');
  const files = Object.values(ENTRY_POINTS).map((file) => join(__dirname, file));
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram(files, config!.options);
  const checker = program.getTypeChecker();
  return Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([entry, file]) => {
      const module = checker.getSymbolAtLocation(program.getSourceFile(join(__dirname, file))!)!;
      return [entry, checker.getExportsOfModule(module).map((symbol) => symbol.getName()).sort()];
    }),
  );
}

describe('public surface', () => {
  it('exports exactly the listed names from each entry point', () => {
    expect(exportedNames()).toEqual(PUBLIC_SURFACE);
  }, 60_000);

  it('keeps the package.json exports map in step with the entry points', () => {
    const manifest = require(join(__dirname, '..', '..', 'package.json')) as { exports: Record<string, { types: string; default: string }> };
    const expected = Object.fromEntries(
      Object.entries(ENTRY_POINTS).map(([entry, file]) => {
        const key = entry === 'nestjs-dcr' ? '.' : `./${entry.slice('nestjs-dcr/'.length)}`;
        const built = `./dist/dcr/${file.replace(/\.ts$/, '')}`;
        return [key, { types: `${built}.d.ts`, default: `${built}.js` }];
      }),
    );
    expect(manifest.exports).toEqual({ ...expected, './package.json': './package.json' });
  });
});

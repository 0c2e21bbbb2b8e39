// nestjs-dcr/openapi: what a host needs to describe the module's endpoints, and its own beside
// them, in an OpenAPI document. Promised under semantic versioning.
export { addDcrSecuritySchemes, DCR_SECURITY_SCHEMES } from '../openapi/security-schemes';
export type { HttpSecurityScheme, SecuritySchemeBuilder } from '../openapi/security-schemes';
export { dcrOperationId } from '../openapi/operation-id';
export { OAuthErrorDto } from '../openapi/oauth-error.dto';
export { ClientMetadataDto, ClientUpdateDto } from '../registration/dto/client-metadata.dto';
export { ClientInformationDto } from '../registration/dto/client-information.dto';
export * from '../tech-clients/dto/tech-client-resource.dto';
export * from '../tech-clients/dto/lock-event-resource.dto';
export * from '../tech-clients/dto/admin-documents.dto';
export * from '../tech-clients/dto/admin-requests.dto';
export * from '../tech-clients/dto/initial-access-token.dto';

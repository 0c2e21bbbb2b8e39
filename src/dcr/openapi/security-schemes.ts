/** Security scheme names the module's routes refer to in an OpenAPI document. @publicApi */
export const DCR_SECURITY_SCHEMES = {
  /** RFC 7591 §3: initial access token of the registration endpoint (optional unless required by the options). */
  initialAccessToken: 'initial_access_token',
  /** RFC 7592 §3: registration access token of the client configuration endpoint. */
  registrationAccessToken: 'registration_access_token',
  /** The admin API's bearer token (`admin.token`), or whatever the host's `adminGuard` accepts. */
  adminToken: 'admin_token',
  /** RFC 6749 §2.3.1 `client_secret_basic` at a host's token endpoint. */
  clientBasic: 'client_basic',
} as const;

/** An OpenAPI HTTP authentication scheme (OpenAPI 3 Security Scheme Object, type "http"). @publicApi */
export interface HttpSecurityScheme {
  type: 'http';
  scheme: 'bearer' | 'basic';
  description: string;
  /** Specification extensions (`x-…`), as OpenAPI allows on every object. */
  [extension: `x-${string}`]: unknown;
}

/** The part of `@nestjs/swagger`'s `DocumentBuilder` used here. @publicApi */
export interface SecuritySchemeBuilder<T> {
  addBearerAuth(options: HttpSecurityScheme, name: string): T;
  addBasicAuth(options: HttpSecurityScheme, name: string): T;
}

/**
 * Declares the module's security schemes on a `DocumentBuilder`:
 * `addDcrSecuritySchemes(new DocumentBuilder().setTitle('IAM')).build()`.
 * @publicApi
 */
export function addDcrSecuritySchemes<T extends SecuritySchemeBuilder<T>>(builder: T): T {
  return builder
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'RFC 7591 §3 initial access token, issued out of band by the authorization server. Optional unless `initialAccessToken.required`.' }, DCR_SECURITY_SCHEMES.initialAccessToken)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'RFC 7592 §3 registration access token, returned once in the registration response.' }, DCR_SECURITY_SCHEMES.registrationAccessToken)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The admin API token (`admin.token` option); a host may admit admins with its own guard instead.' }, DCR_SECURITY_SCHEMES.adminToken)
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'RFC 6749 §2.3.1 client_secret_basic: client_id and client_secret, form-encoded, then Base64.' }, DCR_SECURITY_SCHEMES.clientBasic);
}

/**
 * The reference product's documented defaults, one place for the validator, the README and
 * `config/reference.json`.
 * @publicApi
 */
export const DCR_DEFAULTS = {
  registrationPath: 'oauth2/register',
  clientIdLength: 32,
  clientSecretLength: 43,
  clientNamePattern: '[a-zA-Z0-9 _.-]+',
  contactsPattern: '[a-zA-Z0-9 _.@-]+',
  scopePatterns: ['[\\x21\\x23-\\x5B\\x5D-\\x7E]+'],
  softwarePattern: '[a-zA-Z0-9_.-]+',
  uriPattern: 'https://[a-zA-Z0-9/_.-]+',
  tokenEndpointAuthMethods: ['none', 'client_secret_post', 'client_secret_basic'],
  maxRedirectUris: 20,
  /** Single-word private-use schemes of real MCP clients (Cursor, VS Code) accepted by default. */
  privateUseSchemes: ['cursor', 'vscode', 'vscode-insiders'],
  adminPath: 'tech-clients',
  /** Display name of a client that registered no name (reference product). */
  clientDisplayName: 'DCR OAuth 2.0 Client',
  defaultServerId: 'default',
  clientAuthentication: {
    maxFailures: 10,
    maxFailuresPerClient: 100,
    windowSeconds: 300,
    enforceRegisteredMethod: true,
    realm: 'oauth2',
    assertionMaxLifetimeSeconds: 300,
    clockSkewSeconds: 30,
  },
  /** `processors.jwks` (private_key_jwt keys). */
  jwks: { maxKeys: 10, maxBytes: 8192, algorithms: ['PS256', 'ES256', 'EdDSA', 'RS256'] },
} as const;

/** Fewest base64url characters that carry 128 bits (6 bits each). */
export const MIN_RANDOM_CHARACTERS = 22;

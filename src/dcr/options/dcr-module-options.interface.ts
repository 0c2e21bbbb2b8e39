/**
 * Options of `DcrModule.forRoot()`. Plain JSON-compatible data (regexes are strings), so a host
 * can keep them in a configuration file. Every option is validated at start-up; see README
 * "Configuration reference" for the reference product's equivalent of each.
 */

/** A pattern-checked, optionally mandatory attribute. @publicApi */
export interface PatternRule {
  /** Regular expression (RE2 syntax) that must match the whole value. */
  allowed?: string;
  /** Missing or invalid value fails the registration instead of being dropped. */
  mandatory?: boolean;
  /** Reject invalid values instead of dropping them (overrides the global `strict`). */
  strict?: boolean;
}

/** @publicApi */
export interface ClientNameOptions extends PatternRule {
  /**
   * @default "[a-zA-Z0-9 _.-]+"
   * @default mandatory false
   */
  allowed?: string;
}

/** @publicApi */
export interface ContactsOptions extends PatternRule {
  /**
   * Pattern every entry must match.
   * @default "[a-zA-Z0-9 _.@-]+" (mandatory true, as in the reference product)
   */
  allowed?: string;
}

/** @publicApi */
export interface ScopeOptions {
  /**
   * Patterns a scope token must match (any one of them). Non-matching tokens are filtered out.
   * @default ["[\\x21\\x23-\\x5B\\x5D-\\x7E]+"] (the RFC 6749 scope-token charset)
   */
  allowed?: string[];
  /** Reject a request with a non-matching scope token instead of filtering it out. */
  strict?: boolean;
  /**
   * Scope registered when the request has none (no `scope`, or an empty one), like Hydra's
   * `default_scope`: space-separated tokens, each matching one of `allowed` (checked at start-up,
   * so the filter stays the ceiling). Recorded as `defaulted` and echoed in the 201.
   * @default absent (no scope is registered)
   */
  defaultScope?: string;
}

/** @publicApi */
export interface SoftwareOptions {
  /** @default "[a-zA-Z0-9_.-]+" */
  allowedIds?: string;
  /** @default "[a-zA-Z0-9_.-]+" */
  allowedVersions?: string;
  /** Both `software_id` and `software_version` are required. @default true */
  mandatory?: boolean;
  strict?: boolean;
}

/** Client authentication methods a client may register. @publicApi */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'tls_client_auth' | 'self_signed_tls_client_auth';

/** @publicApi */
export interface TokenEndpointAuthMethodOptions {
  /**
   * `private_key_jwt` (RFC 7523 §2.2) is allowed only when listed here, and needs `processors.jwks`.
   * `tls_client_auth` and `self_signed_tls_client_auth` (RFC 8705 §2) likewise; the latter needs
   * `processors.jwks` (its certificates are registered as `x5c` of `jwks` or `jwks_uri`).
   * @default ["none", "client_secret_post", "client_secret_basic"]
   */
  allowed?: TokenEndpointAuthMethod[];
  /** A registration must name its method. @default false */
  mandatory?: boolean;
  strict?: boolean;
}

/** @publicApi */
export interface UriRule extends PatternRule {
  /** @default "https://[a-zA-Z0-9/_.-]+" */
  allowed?: string;
}

/** @publicApi */
export interface UrisOptions {
  clientUri?: UriRule;
  logoUri?: UriRule;
  policyUri?: UriRule;
  tosUri?: UriRule;
}

/** @publicApi */
export interface RedirectUrisOptions {
  /** RFC 8252 §7.3: `http` redirect URIs on loopback hosts. @default true */
  allowHttpLoopback?: boolean;
  /** RFC 8252 §7.1: private-use URI schemes such as `com.example.app:/callback`. @default true */
  allowPrivateUseSchemes?: boolean;
  /**
   * Private-use schemes accepted although they are not reverse domain names (exact, lowercase
   * scheme names). Any app on a device can claim such a name; see docs/security-model.md.
   * `javascript`, `data`, `file`, `vbscript`, `blob`, `about` and `http`-like names are refused at
   * start-up. Needs `allowPrivateUseSchemes`; reverse-domain schemes need no entry.
   * @default ["cursor", "vscode", "vscode-insiders"]
   */
  allowedSchemes?: string[];
  /** Most redirect URIs one client may register. @default 20 */
  maxUris?: number;
}

/**
 * The keys of `private_key_jwt` clients: `jwks` (public keys only) or `jwks_uri` (never both), and
 * `token_endpoint_auth_signing_alg`. A `private_key_jwt` client must register one of them.
 * @publicApi
 */
export interface JwksOptions {
  /** Most keys in a client's JWK Set (`jwks`, or the document at `jwks_uri`), 1 to 100. @default 10 */
  maxKeys?: number;
  /** Largest JWK Set in bytes (its JSON, or the `jwks_uri` document), 512 to 65,536. @default 8192 */
  maxBytes?: number;
  /**
   * JWS algorithms a client assertion may use, and that `token_endpoint_auth_signing_alg` may
   * name: asymmetric only (`none` and HS* are refused at start-up).
   * @default ["PS256", "ES256", "EdDSA", "RS256"]
   */
  algorithms?: string[];
  /** How `jwks_uri` documents are fetched. @default {} (https only, through the guarded fetcher) */
  jwksUri?: JwksUriOptions;
}

/** Fetching of the JWK Sets clients register by URL. @publicApi */
export interface JwksUriOptions {
  /** `false` refuses `jwks_uri` at registration (clients must send `jwks`). @default true */
  enabled?: boolean;
  /** One deadline for the whole fetch (DNS, connection, TLS, headers and body). @default 5000 */
  timeoutMs?: number;
  /** Shortest time a fetched JWK Set is used (a smaller `Cache-Control` lifetime is raised to it). @default 60 */
  cacheMinSeconds?: number;
  /** Longest time a fetched JWK Set is used before it is fetched again. @default 3600 */
  cacheMaxSeconds?: number;
  /** Shortest time between two fetches of one client's `jwks_uri` made because an assertion named an unknown `kid`. @default 60 */
  refreshMinSeconds?: number;
  /**
   * UNSAFE, for development and tests only: also fetch from loopback addresses. A warning is
   * logged while on.
   */
  development?: ClientIdMetadataDocumentDevelopmentOptions;
}

/** The attribute processors. A processor runs only when its key is present (`{}` = defaults). @publicApi */
export interface ProcessorsOptions {
  clientName?: ClientNameOptions;
  contacts?: ContactsOptions;
  scope?: ScopeOptions;
  software?: SoftwareOptions;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethodOptions;
  /** Absent: `jwks`, `jwks_uri` and `token_endpoint_auth_signing_alg` are ignored and `private_key_jwt` cannot be allowed. */
  jwks?: JwksOptions;
  uris?: UrisOptions;
  /** Always active; the key only tunes it. */
  redirectUris?: RedirectUrisOptions;
}

/** @publicApi */
export interface GrantsOptions {
  /** @default true */
  authorizationCode?: boolean;
  /** Off unless enabled; registered clients are flagged (the host may not support it). @default false */
  implicit?: boolean;
  /** @default true */
  clientCredentials?: boolean;
  /** @default true */
  refreshToken?: boolean;
}

/** @publicApi */
export interface ClientIdOptions {
  /** `uuid`: random UUID v4; `random`: random string of `length` characters. @default "uuid" */
  generator?: 'uuid' | 'random';
  /** Length for the `random` generator (at least 22 characters = 128 bits). @default 32 */
  length?: number;
}

/** @publicApi */
export interface ClientSecretOptions {
  /** Characters of base64url (6 bits each); refused below 128 bits (22 characters). @default 43 */
  length?: number;
  /** Lifetime of a secret in seconds; 0 = never expires. @default 0 */
  lifetimeSeconds?: number;
}

/** @publicApi */
export interface ManagementOptions {
  /** RFC 7592: issue a registration access token and serve the client configuration endpoint. @default true */
  enabled?: boolean;
  /** Issue a new registration access token on every GET/PUT. @default false */
  rotateRegistrationAccessToken?: boolean;
}

/** One authorization server's registration settings. @publicApi */
export interface DcrServerOptions {
  /**
   * RFC 7591 endpoint path; RFC 7592 URIs hang below it.
   * @default "oauth2/register" (one server) or "oauth2/<id>/register" (several)
   */
  registrationPath?: string;
  /** Base URL for `registration_client_uri`; taken from the request when absent. */
  issuer?: string;
  /** @default { generator: "uuid" } */
  clientId?: ClientIdOptions;
  /** Absent: no client secrets are issued. */
  clientSecret?: ClientSecretOptions;
  grants?: GrantsOptions;
  processors?: ProcessorsOptions;
  /** Reject instead of dropping invalid optional values, for every processor. @default false */
  strict?: boolean;
  management?: ManagementOptions;
  initialAccessToken?: InitialAccessTokenOptions;
  /** Absent: software statements are ignored. */
  softwareStatement?: SoftwareStatementOptions;
  rateLimit?: RateLimitOptions;
  quotas?: QuotaOptions;
  reaping?: ReapingOptions;
  /** Absent: no CORS headers (browsers cannot call the endpoints from other origins). */
  cors?: CorsOptions;
  /** Absent: a `client_id` that is a URL is unknown here. */
  clientIdMetadataDocument?: ClientIdMetadataDocumentOptions;
  /**
   * Registration tiers: what vouched for a registration (nothing, an initial access token, a
   * trusted software statement) chooses its profile, rate limits and quota. Absent: one set of
   * rules for every registration, as before tiers existed.
   */
  tiers?: RegistrationTiersOptions;
  /** Client names only a vouched-for client may use (a consent screen shows them). Absent: none. */
  reservedNames?: ReservedNamesOptions;
  /**
   * A preset that narrows this server's options. `fapi2` (FAPI 2.0 Security Profile §5.3.3.4,
   * §5.3.2.2): only `private_key_jwt`, `tls_client_auth` and `self_signed_tls_client_auth`; no
   * implicit grant; no client ID metadata documents (their clients are public). Options that
   * contradict it are refused at start-up.
   * @default absent (no preset)
   */
  profile?: DcrServerProfile;
}

/**
 * The tiers of registration. A request is `initialAccessToken` when it presents a valid token,
 * else `attested` when it carries a software statement from a trusted issuer, else `anonymous`.
 * @publicApi
 */
export interface RegistrationTiersOptions {
  /** @default public clients (`none`) with `authorization_code` and `refresh_token` only; never-used clients reaped after 24 hours */
  anonymous?: AnonymousTierOptions;
  /** @default no narrowing beyond the token's own profile */
  initialAccessToken?: RegistrationTierOptions;
  /** @default no narrowing */
  attested?: RegistrationTierOptions;
}

/** What one tier may register and how often. @publicApi */
export interface RegistrationTierOptions {
  /** Narrows what registrations of this tier get (grant types and auth methods before the processors run, scopes after). */
  profile?: InitialAccessProfile;
  rateLimit?: TierRateLimitOptions;
  /** Most live clients registered through this tier; a full tier refuses registrations without touching other tiers. 0 = no cap. @default 0 */
  maxClients?: number;
}

/** The tier of registrations that nothing vouched for. @publicApi */
export interface AnonymousTierOptions extends RegistrationTierOptions {
  /** @default true unless `initialAccessToken.required` */
  enabled?: boolean;
  /** A client of this tier never used to authenticate within this many hours of its registration is deleted. 0 = never. @default 24 */
  unusedLifetimeHours?: number;
}

/**
 * Fixed-window limits on a tier's registrations, each counted separately in the shared store;
 * 0 = off. A request over any of them gets 429 with `Retry-After`.
 * @publicApi
 */
export interface TierRateLimitOptions {
  /** @default 3600 */
  windowSeconds?: number;
  /** Per client address (after `trustedProxyHops`). */
  perAddress?: number;
  /** Per host of an `https`/`http` redirect URI (loopback and private-use schemes are not counted: every native client shares them). */
  perRedirectHost?: number;
  /** Per `software_id`. */
  perSoftwareId?: number;
  /** The whole tier. */
  overall?: number;
}

/** Names a consent screen shows, kept for clients that are vouched for. @publicApi */
export interface ReservedNamesOptions {
  /** Each name is matched with its confusable spellings (look-alike letters of other scripts, full-width forms, zero-width characters, case). */
  names: (string | ReservedNameEntry)[];
  /** `refuse`: an unvouched registration using one fails; `flag`: it is stored and `ClientTrust` reports the name. @default "refuse" */
  action?: 'refuse' | 'flag';
}

/** A reserved name, and the metadata-document hosts that may use it. @publicApi */
export interface ReservedNameEntry {
  name: string;
  /** Hosts (exact, lower case) whose client ID metadata documents may use the name. @default [] */
  documentHosts?: string[];
}

/** Server presets (`profile`). @publicApi */
export type DcrServerProfile = 'fapi2';

/**
 * Clients identified by the https URL of their metadata document
 * (draft-ietf-oauth-client-id-metadata-document), as MCP clients arrive. A fetched document runs
 * through the same processors as a registration and is stored as a technical client with source
 * `cimd`.
 * @publicApi
 */
export interface ClientIdMetadataDocumentOptions {
  /** @default true (the key's presence turns it on) */
  enabled?: boolean;
  /** Hosts whose documents are fetched, as patterns matched against the whole host name (RE2). @default every public host */
  allowedHosts?: string[];
  /** Every redirect URI must be on the document's own host (loopback URIs of native clients excepted). @default false */
  redirectUrisOnDocumentHost?: boolean;
  /** Members every document must have, beyond `client_id` and `redirect_uris`. @default ["client_name"] */
  requiredProperties?: string[];
  /** Most clients stored from documents on this server (0 = no cap). Counted apart from `quotas.maxClients`: never blocks a registration. @default 10000 */
  maxClients?: number;
  /** Largest document, in bytes. @default 5120 */
  maxBytes?: number;
  /** One deadline for the whole fetch (DNS, connection, TLS, headers and body). @default 5000 */
  timeoutMs?: number;
  cache?: ClientIdMetadataDocumentCacheOptions;
  /**
   * UNSAFE, for development and tests only: also fetch from loopback addresses
   * (`http://127.0.0.1:<port>/…`, https with a test CA). A warning is logged while on.
   */
  development?: ClientIdMetadataDocumentDevelopmentOptions;
}

/** UNSAFE, for development and tests only; the guarded fetcher's `development` options. @publicApi */
export interface ClientIdMetadataDocumentDevelopmentOptions {
  /** Also fetch plain `http://` from a loopback IP literal (`http://127.0.0.1:<port>/…`). @default false */
  allowHttpLoopback?: boolean;
  /** Also fetch `https://` from hosts that are or resolve to loopback addresses. @default false */
  allowHttpsLoopback?: boolean;
  /** Test CA certificate(s) (PEM), trusted for loopback https only. */
  loopbackCaPem?: string | string[];
}

/** How long a fetched document is used before it is fetched again: its `Cache-Control` within these bounds. @publicApi */
export interface ClientIdMetadataDocumentCacheOptions {
  /** @default 60 */
  minSeconds?: number;
  /** @default 86400 */
  maxSeconds?: number;
  /** Documents kept per instance. @default 1000 */
  maxEntries?: number;
}

/** @publicApi */
export interface AdminOptions {
  /** @default true */
  enabled?: boolean;
  /** @default "tech-clients" */
  path?: string;
  /** Bearer token of the admin API. Without it (and without a host guard) the admin API refuses everyone. */
  token?: string;
}

/**
 * `ClientAuthenticator` settings: brute-force throttling of failed client authentication at the
 * host's token endpoint, shared by every instance through the database.
 * @publicApi
 */
export interface ClientAuthenticationOptions {
  /** Failed attempts per `client_id` and client address within the window; then 429. 0 = off. @default 10 */
  maxFailures?: number;
  /** Failed attempts per `client_id` from all addresses within the window; then 429. 0 = off. @default 100 */
  maxFailuresPerClient?: number;
  /** Length of the fixed counting window, in seconds. @default 300 */
  windowSeconds?: number;
  /** A client may only authenticate with the method it registered. @default true */
  enforceRegisteredMethod?: boolean;
  /** `realm` of the `WWW-Authenticate: Basic` challenge on 401. @default "oauth2" */
  realm?: string;
  /**
   * `private_key_jwt`: further `aud` values a client assertion may name (absolute URLs), beside the
   * server's `issuer` and what the host passes as `assertionAudiences` with each request (its
   * token endpoint URL).
   * @default []
   */
  assertionAudiences?: string[];
  /** `private_key_jwt`: how far in the future an assertion's `exp` may be, in seconds (10 to 3600). @default 300 */
  assertionMaxLifetimeSeconds?: number;
  /** `private_key_jwt`: tolerance for `exp`, `nbf` and `iat`, in seconds (0 to 300). @default 30 */
  clockSkewSeconds?: number;
  /** `tls_client_auth` and `self_signed_tls_client_auth` (RFC 8705): where the client certificate comes from. @default {} */
  mtls?: MtlsOptions;
}

/**
 * Where `ClientAuthenticator` finds the client certificate of a mutual-TLS client: by default the
 * TLS socket of the request (the host's own HTTPS listener, with `requestCert`), or a certificate
 * the host passes itself.
 * @publicApi
 */
export interface MtlsOptions {
  /**
   * Name of a request header in which a TLS-terminating reverse proxy forwards the client
   * certificate as a URL-encoded PEM (nginx `$ssl_client_escaped_cert`). Honoured only when set;
   * the proxy must verify the chain for `tls_client_auth`, and must overwrite or remove the header
   * on every request (a client that reaches the app directly could forge it).
   * @default absent (the header is never read)
   */
  certificateHeader?: string;
  /**
   * With `certificateHeader`: name of a header in which the proxy says whether it verified the
   * certificate's chain (nginx `$ssl_client_verify`); only `SUCCESS` counts as verified for
   * `tls_client_auth`. Needed when the proxy also forwards certificates it did not verify (nginx
   * `ssl_verify_client optional_no_ca`, for `self_signed_tls_client_auth`).
   * @default absent (every forwarded certificate counts as verified by the proxy)
   */
  verifiedHeader?: string;
}

/**
 * Module options: either one server's options at the top level (server id `default`), or
 * `authorizationServers` with one entry per server id.
 * @publicApi
 */
export interface DcrModuleOptions extends DcrServerOptions {
  /** Several authorization servers, each with its own endpoint, processors and secrets policy. */
  authorizationServers?: Record<string, DcrServerOptions>;
  /**
   * Key of the HMAC-SHA-256 digests under which secrets and tokens are stored (at least 32
   * characters). Keep it outside the database: a database dump alone then reveals nothing usable.
   */
  secretKey: string;
  admin?: AdminOptions;
  /**
   * Reverse proxies in front of the app whose `X-Forwarded-For` entries are trusted, counted from
   * the right. 0: the client IP is the socket's peer address.
   * @default 0
   */
  trustedProxyHops?: number;
  /** Throttling and method rules of `ClientAuthenticator`. @default { maxFailures: 10, windowSeconds: 300 } */
  clientAuthentication?: ClientAuthenticationOptions;
  /** Prometheus metrics (when `prom-client` is installed). @default { enabled: true, prefix: "" } */
  metrics?: MetricsOptions;
  /**
   * Delivery of change events from the transactional outbox to the `TechClientInterceptor`s and
   * to signed webhooks. @default { outbox: { pollIntervalMs: 1000, retryDelayMs: 1000, batchSize: 50, maxAttempts: 10, retentionHours: 24 }, webhooks: [] }
   */
  events?: EventsOptions;
}

/**
 * Change events: every change of a technical client writes its event in the same transaction, and
 * a dispatcher delivers it at least once, in order per client, with retries.
 * @publicApi
 */
export interface EventsOptions {
  outbox?: OutboxOptions;
  /** Endpoints that receive every event as a signed POST (Standard Webhooks headers). @default [] */
  webhooks?: WebhookOptions[];
}

/** How the dispatcher works through the outbox (`dcr_change_event`). @publicApi */
export interface OutboxOptions {
  /** How often each instance looks for due events; a change on this instance is delivered at once anyway. @default 1000 */
  pollIntervalMs?: number;
  /** First retry delay; each further failure doubles it (with jitter), up to 15 minutes. @default 1000 */
  retryDelayMs?: number;
  /** Events claimed per round. @default 50 */
  batchSize?: number;
  /** Failed deliveries of one event before it is dead-lettered (status `dead`, listed by the admin API). @default 10 */
  maxAttempts?: number;
  /** Delivered events are deleted after this many hours; dead ones stay until retried or deleted. @default 24 */
  retentionHours?: number;
}

/** One webhook receiver, configured by the operator. @publicApi */
export interface WebhookOptions {
  /** https URL (http only on loopback hosts). Redirects are not followed. */
  url: string;
  /**
   * Key of the HMAC-SHA-256 signature, at least 32 characters: `whsec_` followed by base64 (the
   * Standard Webhooks form, the key being the decoded bytes), or any other string (its UTF-8 bytes).
   */
  secret: string;
  /** Only these changes (e.g. `["locked", "deleted"]`). @default every change */
  events?: ('created' | 'updated' | 'deleted' | 'locked' | 'unlocked' | 'secret_rotated')[];
  /** Timeout of one POST. @default 5000 */
  timeoutMs?: number;
}

/**
 * Prometheus metrics through the optional peer `prom-client`, on its global registry unless a
 * host provides `DCR_METRICS_REGISTRY`. Without `prom-client` installed nothing is recorded.
 * @publicApi
 */
export interface MetricsOptions {
  /** Record metrics; `false` registers none even with `prom-client` installed. @default true */
  enabled?: boolean;
  /** Put before every metric name (`iam_` gives `iam_dcr_registrations_total`): letters, digits, `_` and `:`. @default "" */
  prefix?: string;
}

/** What a registration with an initial access token may get (RFC 7591 §3: the token may limit it). @publicApi */
export interface InitialAccessProfile {
  /** Grant types it may register; others fail the registration. */
  grantTypes?: string[];
  /** Scope values it may register; others are filtered out. */
  scopes?: string[];
  /** Auth methods it may register; others fail the registration. */
  tokenEndpointAuthMethods?: TokenEndpointAuthMethod[];
}

/** One configured initial access token. Only its keyed digest is kept in memory. @publicApi */
export interface InitialAccessTokenEntry {
  /** The bearer token (at least 32 characters). */
  token: string;
  /** Name used in logs and use counts (never the token). @default a prefix of the token's digest */
  id?: string;
  /** ISO 8601 date-time after which the token is refused. */
  expiresAt?: string;
  /** Most registrations this token may make, counted in the database (shared by every instance). */
  maxUses?: number;
  profile?: InitialAccessProfile;
}

/** RFC 7591 §3 initial access tokens. @publicApi */
export interface InitialAccessTokenOptions {
  /** Registration needs a valid token. @default false */
  required?: boolean;
  /** @default [] */
  tokens?: InitialAccessTokenEntry[];
}

/** An issuer whose software statements are trusted. @publicApi */
export interface TrustedIssuerOptions {
  /** The statement's `iss`. */
  issuer: string;
  /** Inline public keys (JWK Set). */
  jwks?: { keys: object[] };
  /** Admin-configured JWK Set URL (https; http only on loopback), fetched with a timeout and cached. */
  jwksUri?: string;
  /** Accepted JWS algorithms (asymmetric only). @default ["RS256", "PS256", "ES256", "EdDSA"] */
  algorithms?: string[];
}

/** RFC 7591 §2.3 software statements. @publicApi */
export interface SoftwareStatementOptions {
  /** Registration needs a statement. @default false */
  required?: boolean;
  trustedIssuers?: TrustedIssuerOptions[];
  /** Tolerance for `exp`, `nbf` and `iat`. @default 60 */
  clockSkewSeconds?: number;
  /** Timeout of a `jwksUri` fetch. @default 3000 */
  jwksTimeoutMs?: number;
  /** How long fetched keys are used before they are fetched again. @default 600 */
  jwksCacheSeconds?: number;
}

/** One rate limit; 0 turns a limit off. @publicApi */
export interface RateLimitRule {
  /** Requests per client IP (IPv6: per /64) per window. @default 0 */
  limit?: number;
  /** Requests from everyone together per window. @default 0 */
  overallLimit?: number;
  /** @default 60 */
  windowSeconds?: number;
}

/** Rate limits, counted in the database so several instances share them (429 + Retry-After). @publicApi */
export interface RateLimitOptions {
  /** RFC 7591 registration. */
  registration?: RateLimitRule;
  /** RFC 7592 read, update and delete. */
  management?: RateLimitRule;
}

/** Caps on live dynamically registered clients; 0 = no cap. @publicApi */
export interface QuotaOptions {
  /** @default 0 */
  maxClients?: number;
  /** @default 0 */
  maxClientsPerSoftwareId?: number;
  /** @default 0 */
  maxClientsPerInitialAccessToken?: number;
}

/** Deletes forgotten dynamically registered clients; 0 turns a rule off. @publicApi */
export interface ReapingOptions {
  /** Delete clients not used (client authentication) for this many days. @default 0 */
  unusedDays?: number;
  /** Delete clients whose secret expired this many days ago. @default 0 */
  expiredSecretDays?: number;
  /** How often the job runs. @default 3600 */
  intervalSeconds?: number;
}

/** CORS for the registration and management endpoints (browser-based and MCP clients). @publicApi */
export interface CorsOptions {
  /** Origins (`https://app.example.com`) allowed to call the endpoints, or `["*"]` for any. */
  allowedOrigins: string[];
  /** How long browsers may cache a preflight answer. @default 600 */
  maxAgeSeconds?: number;
}

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { ClientAuthenticationThrottledError, InvalidClientError } from '../errors/token-endpoint.error';
import type { ResolvedClientAuthenticationOptions, ResolvedDcrOptions } from '../options/resolved-options';
import { selectServerId } from '../options/server-selection';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { TechClientStore } from '../persistence/tech-client.store';
import { TechClientView, toClientView } from '../clients/client-view';
import { ClientMetadataDocumentError } from '../errors/client-metadata-document.error';
import { ClientMetadataDocumentResolver } from '../metadata-document/client-metadata-document.resolver';
import { isUrlClientId } from '../vocabulary/client-id-url';
import type { DcrHttpRequest } from '../http/http-request';
import { logLine } from '../logging/log-line';
import { clientIp } from '../network/client-address';
import { SecretDigester } from '../secrets/secret-digester';
import { FAPI2_AUTH_METHODS } from '../options/fapi2-profile';
import { isMtlsAuthMethod, isPlausibleClientId, isSecretAuthMethod, registeredAuthMethod } from '../vocabulary/client-vocabulary';
import { AuthenticationThrottle } from './authentication.throttle';
import { AssertionFailure, ClientAssertionVerifier } from './client-assertion.verifier';
import { clientCertificate, type PresentedClientCertificate, UnreadableCertificate } from './client-certificate';
import { type CertificateFailure, certificateThumbprint, MtlsClientVerifier } from './mtls.verifier';
import { ClientAuthenticationObserver } from '../observability/client-authentication.observer';
import { ClientAuthenticationMethod, PresentedCredentials, presentedCredentials } from './presented-credentials';

/** `last_used_at` is written at most once a minute per client. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * What a token endpoint hands to `ClientAuthenticator`: the request itself (the `Authorization`
 * header and the client's address are read from it, the address with the module's
 * `trustedProxyHops`), or the credentials and the address when the host has no Nest request.
 * @publicApi
 */
export interface ClientAuthenticationRequest {
  /** Authorization server of the token endpoint. @default the only configured server */
  serverId?: string;
  /** The token request's form parameters (`client_id`, `client_secret`, …), e.g. from `readFormBody`. */
  body?: Readonly<Record<string, unknown>>;
  /** The HTTP request (Express or Fastify). When given, `authorization` and `ip` are taken from it. */
  request?: DcrHttpRequest;
  /** The `Authorization` request header, as received (without `request`). */
  authorization?: string;
  /** The client's IP address (without `request`). */
  ip?: string;
  /**
   * `private_key_jwt`: the `aud` values a client assertion may name at this endpoint, usually the
   * token endpoint's URL and the issuer (RFC 7523 §3). The server's `issuer` and
   * `clientAuthentication.assertionAudiences` are accepted as well.
   */
  assertionAudiences?: readonly string[];
  /**
   * `tls_client_auth` / `self_signed_tls_client_auth` (RFC 8705): the client certificate, when the
   * host reads it itself. Without it the certificate is read from `request`: the
   * `clientAuthentication.mtls.certificateHeader` header when configured and present, else the
   * peer certificate of its TLS socket (`getPeerCertificate()`, chain verified when the socket is
   * `authorized`).
   */
  clientCertificate?: PresentedClientCertificate;
}

/** A stored client as given to the host: never with its secret or token digests. @publicApi */
export type AuthenticatedTechClient = TechClientView;

/** @publicApi */
export interface AuthenticatedClient {
  clientId: string;
  client: AuthenticatedTechClient;
  method: ClientAuthenticationMethod;
  /** Authenticated with the previous secret, during a rotation grace period. */
  usedPreviousSecret: boolean;
  /**
   * Mutual-TLS methods: the certificate's `x5t#S256` thumbprint (RFC 8705 §3.1), to bind the
   * access token to it with `cnf`.
   */
  certificateThumbprint?: string;
  /** The client registered `dpop_bound_access_tokens: true` (RFC 9449 §5.2): its tokens must be DPoP-bound. */
  dpopBoundAccessTokens: boolean;
}

/**
 * Authenticates the client of a token request for the host's token endpoint. Throws
 * `InvalidClientError` (401, `WWW-Authenticate: Basic`), `ClientAuthenticationThrottledError`
 * (429, `Retry-After`), `InvalidRequestError` (400) for a malformed request, or
 * `StorageUnavailableError` (503). `DcrExceptionFilter` turns each into an RFC 6749 §5.2 answer.
 * Override with `{ provide: ClientAuthenticator, useClass: … }`.
 * @publicApi
 */
export abstract class ClientAuthenticator {
  abstract authenticate(request: ClientAuthenticationRequest): Promise<AuthenticatedClient>;
}

/** Why an attempt failed; logged, never answered (the answer is the same for every reason). */
type Failure = 'unknown_client' | 'locked' | 'method_not_registered' | 'method_not_allowed_by_profile' | 'secret_expired' | 'wrong_secret' | AssertionFailure | CertificateFailure;

interface Outcome {
  failure?: Failure;
  previous: boolean;
  thumbprint?: string;
}

/**
 * `client_secret_basic` and `client_secret_post` against keyed digests, `private_key_jwt`
 * (RFC 7523 client assertions, see `ClientAssertionVerifier`), `tls_client_auth` and
 * `self_signed_tls_client_auth` (RFC 8705: a request that names only its `client_id`, of a
 * client registered with one of them, is checked against its certificate, see
 * `MtlsClientVerifier`), and `none` for public clients; by
 * default only with the method the client registered, or, for a client that named none, either
 * secret method the server allows. Unknown, other-server, locked,
 * deleted and expired clients and wrong secrets all get the same 401, after the same work: both
 * stored digests (current and previous) are always compared in constant time, against a dummy
 * when there is no client. Failures are throttled by `AuthenticationThrottle`.
 * @publicApi
 */
@Injectable()
export class DefaultClientAuthenticator extends ClientAuthenticator {
  private readonly logger = new Logger('DcrAudit');
  private readonly settings: ResolvedClientAuthenticationOptions;

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly clients: TechClientStore,
    private readonly digester: SecretDigester,
    private readonly throttle: AuthenticationThrottle,
    private readonly documents: ClientMetadataDocumentResolver,
    @Optional() private readonly assertions?: ClientAssertionVerifier,
    @Optional() private readonly certificates?: MtlsClientVerifier,
    @Optional() private readonly observer?: ClientAuthenticationObserver,
  ) {
    super();
    this.settings = options.clientAuthentication;
  }

  async authenticate(request: ClientAuthenticationRequest): Promise<AuthenticatedClient> {
    const serverId = selectServerId(this.options, request.serverId, 'ClientAuthenticator');
    const { authorization, ip } = this.origin(request);
    const presented = presentedCredentials(authorization, request.body ?? {});
    if (!presented) throw new InvalidClientError(this.settings.realm, 'client authentication is required (client_secret_basic or client_secret_post)');

    const now = Date.now();
    // Metrics and a span per outcome (never the client id or the credentials).
    const observe = (result: string, method: string = presented.method) => this.observer?.observe({ server: serverId, method, result, startedAt: now });
    const plausible = isPlausibleClientId(presented.clientId);
    const stored = plausible ? await this.lookup(presented.clientId, serverId) : null;
    // A client of another authorization server is unknown here.
    const client = stored?.authorizationServer === serverId ? stored : null;

    const counters = this.throttle.counters(serverId, presented.clientId, client !== null, ip);
    const { verdict, addressFailures } = await this.throttle.check(counters, now);
    // Refused before the secret is checked: a right guess past the limit must not be confirmed.
    if (!verdict.allowed) {
      observe('throttled');
      throw new ClientAuthenticationThrottledError(verdict.retryAfterSeconds);
    }

    // RFC 8705 §2: a mutual-TLS client names itself with client_id alone; its certificate is the credential.
    const method: ClientAuthenticationMethod = presented.method === 'none' && isMtlsAuthMethod(client?.tokenEndpointAuthMethod)
      ? (client!.tokenEndpointAuthMethod as ClientAuthenticationMethod)
      : presented.method;
    const outcome = await this.outcome(client, presented, method, request, now);
    if (outcome.failure !== undefined) {
      const logContext = { server: serverId, clientId: plausible ? presented.clientId : '(malformed)', method };
      // At info: an operator sees why clients fail (never the secret); the reason is never answered.
      this.logger.log(logLine({ event: 'client_authentication.failed', ...logContext, reason: outcome.failure }));
      const after = await this.throttle.recordFailure(counters, now, { ...logContext, address: ip });
      observe(after.allowed ? outcome.failure : 'throttled', method);
      if (!after.allowed) throw new ClientAuthenticationThrottledError(after.retryAfterSeconds);
      throw new InvalidClientError(this.settings.realm);
    }

    const known = client!;
    await this.throttle.recordSuccess(counters, addressFailures);
    if (known.lastUsedAt === null || known.lastUsedAt < now - LAST_USED_RESOLUTION_MS) {
      await this.clients.recordUse(known.id, now, LAST_USED_RESOLUTION_MS);
    }
    observe('success', method);
    return {
      clientId: known.id,
      client: toClientView(known),
      method,
      usedPreviousSecret: outcome.previous,
      ...(outcome.thumbprint !== undefined && { certificateThumbprint: outcome.thumbprint }),
      dpopBoundAccessTokens: known.metadata?.dpop_bound_access_tokens === true,
    };
  }

  private async outcome(
    client: TechClientEntity | null,
    presented: PresentedCredentials,
    method: ClientAuthenticationMethod,
    request: ClientAuthenticationRequest,
    now: number,
  ): Promise<Outcome> {
    const profile = client ? this.options.servers.get(client.authorizationServer)?.profile : undefined;
    // A fapi2 server's clients registered before the preset, or through the admin API, still cannot use a shared secret or none.
    if (profile === 'fapi2' && !FAPI2_AUTH_METHODS.includes(method as never)) {
      this.verify(client, presented, now);
      return { failure: 'method_not_allowed_by_profile', previous: false };
    }
    if (method === 'private_key_jwt') return this.verifyAssertion(client, presented, request, now);
    if (isMtlsAuthMethod(method)) return this.verifyCertificate(client!, request, now);
    return this.verify(client, presented, now);
  }

  /**
   * `tls_client_auth` / `self_signed_tls_client_auth` (RFC 8705 §2): only for a client that
   * registered the method (it holds no secret), then `MtlsClientVerifier` with the request's
   * certificate.
   */
  private async verifyCertificate(client: TechClientEntity, request: ClientAuthenticationRequest, now: number): Promise<Outcome> {
    if (client.locked) return { failure: 'locked', previous: false };
    if (client.secretDigest !== null || !this.certificates) return { failure: 'method_not_registered', previous: false };
    let certificate: ReturnType<typeof clientCertificate>;
    try {
      const { certificateHeader: header, verifiedHeader } = this.settings.mtls;
      certificate = clientCertificate({ certificate: request.clientCertificate, request: request.request, header, verifiedHeader });
    } catch (error) {
      if (error instanceof UnreadableCertificate) return { failure: 'certificate_unreadable', previous: false };
      throw error;
    }
    const failure = await this.certificates.verify(client, certificate, now);
    if (failure !== undefined) return { failure, previous: false };
    return { previous: false, thumbprint: certificateThumbprint(certificate!.certificate) };
  }

  private verify(client: TechClientEntity | null, presented: PresentedCredentials, now: number): Outcome {
    // Both comparisons always run, against a dummy digest when there is none, so the time taken
    // does not tell which check failed or whether the client exists.
    // One HMAC of the presented secret, compared with both.
    const presentedDigest = this.digester.digest(presented.clientSecret ?? '');
    const matchesCurrent = this.digester.digestMatches(presentedDigest, client?.secretDigest);
    const matchesPrevious = this.digester.digestMatches(presentedDigest, client?.previousSecretDigest);
    if (!client) return { failure: 'unknown_client', previous: false };
    if (client.locked) return { failure: 'locked', previous: false };
    if (!this.methodAllowed(client, presented.method)) return { failure: 'method_not_registered', previous: false };
    if (presented.method === 'none') return { previous: false };

    const expiresAt = client.secretExpiresAt ?? 0;
    const currentValid = matchesCurrent && (expiresAt === 0 || expiresAt * 1000 > now);
    if (currentValid) return { previous: false };
    const previousValid = matchesPrevious && client.previousSecretValidUntil !== null && client.previousSecretValidUntil > now;
    if (previousValid) return { previous: true };
    return { failure: matchesCurrent ? 'secret_expired' : 'wrong_secret', previous: false };
  }

  private methodAllowed(client: TechClientEntity, method: ClientAuthenticationMethod): boolean {
    const registered = registeredAuthMethod(authenticationOf(client));
    if (method === 'none' || registered === 'none') return method === registered && client.secretDigest === null;
    if (client.secretDigest === null) return false;
    if (!this.settings.enforceRegisteredMethod) return isSecretAuthMethod(registered);
    // A client that named no method got RFC 7591 §2's client_secret_basic, but libraries told
    // nothing pick their own (openid-client v6 sends client_secret_post): either secret method
    // this server allows is its own. A client that chose a method is held to it.
    if (client.tokenEndpointAuthMethodDefaulted) return isSecretAuthMethod(method) && this.serverAllows(client, method);
    return method === registered;
  }

  private serverAllows(client: TechClientEntity, method: ClientAuthenticationMethod): boolean {
    const allowed: readonly string[] | undefined = this.options.servers.get(client.authorizationServer)?.processors.tokenEndpointAuthMethod?.allowed;
    return allowed?.includes(method) ?? false;
  }

  /**
   * `private_key_jwt` (RFC 7523 §3): only for a client that registered it (whatever
   * `enforceRegisteredMethod` says: its keys are its only credential, and a secret client has no
   * keys), then `ClientAssertionVerifier`.
   */
  private async verifyAssertion(
    client: TechClientEntity | null,
    presented: PresentedCredentials,
    request: ClientAuthenticationRequest,
    now: number,
  ): Promise<Outcome> {
    if (!client) return { failure: 'unknown_client', previous: false };
    if (client.locked) return { failure: 'locked', previous: false };
    if (client.tokenEndpointAuthMethod !== 'private_key_jwt' || client.secretDigest !== null || !this.assertions) {
      return { failure: 'method_not_registered', previous: false };
    }
    const issuer = this.options.servers.get(client.authorizationServer)?.issuer;
    const audiences = [...new Set([...(request.assertionAudiences ?? []), ...(issuer ? [issuer] : []), ...this.settings.assertionAudiences])];
    const failure = await this.assertions.verify({ client, assertion: presented.clientAssertion ?? '', audiences, now });
    return failure === undefined ? { previous: false } : { failure, previous: false };
  }

  /**
   * The stored client; for a URL `client_id` where client ID metadata documents are on, the
   * client of that document (fetched and stored as needed). A document that does not resolve is
   * an unknown client here.
   */
  private async lookup(clientId: string, serverId: string): Promise<TechClientEntity | null> {
    if (!isUrlClientId(clientId) || !this.options.servers.get(serverId)?.clientIdMetadataDocument) return this.clients.findForAuthentication(clientId);
    try {
      return await this.documents.resolve(clientId, serverId);
    } catch (error) {
      if (!(error instanceof ClientMetadataDocumentError)) throw error;
      this.logger.debug(logLine({ event: 'client_authentication.document_unresolved', server: serverId, clientId, reason: error.failure }));
      return null;
    }
  }

  private origin(request: ClientAuthenticationRequest): { authorization?: string; ip?: string } {
    if (!request.request) return { authorization: request.authorization, ip: request.ip };
    return { authorization: request.request.headers.authorization, ip: clientIp(request.request, this.options.trustedProxyHops) };
  }
}

function authenticationOf(client: TechClientEntity): { tokenEndpointAuthMethod: string | null; hasSecret: boolean } {
  return { tokenEndpointAuthMethod: client.tokenEndpointAuthMethod, hasSecret: client.secretDigest !== null };
}


import { createPublicKey, KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, JWK, SignJWT } from 'jose';

/** Settings of the example host's access tokens. */
export interface AccessTokenOptions {
  /** Private signing key: a JWK (JSON, with `alg` or ES256) or a PKCS#8 PEM (ES256). Generated at start when absent. */
  signingKey?: string;
  /** `aud` of tokens without a requested resource (RFC 9068 §2.2: the resource server). Omitted when unset. */
  audience?: string;
  /** @default 600 */
  lifetimeSeconds?: number;
}

/** Injection token of `AccessTokenOptions`. */
export const ACCESS_TOKEN_OPTIONS = 'EXAMPLE:ACCESS_TOKEN_OPTIONS';

const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'RS256', 'EdDSA'];

/** What a token is issued for. */
export interface AccessTokenRequest {
  issuer: string;
  clientId: string;
  scopes: string[];
  /** RFC 8707 resource the token is for: its `aud`, in place of the configured audience. */
  audience?: string;
  /** RFC 8705 §3.1: the client certificate's `x5t#S256`, written as `cnf` (a certificate-bound token). */
  certificateThumbprint?: string;
}

/**
 * Signs JWT access tokens in the RFC 9068 shape (`typ: at+jwt`; `iss`, `sub`, `client_id`,
 * `scope`, `iat`, `exp`, `jti`, and `aud`: the RFC 8707 resource asked for, else the configured
 * audience, else none; `cnf` with `x5t#S256` for a client that authenticated with a certificate,
 * RFC 8705 §3) and publishes the public key as a JWKS.
 * A generated key lives as long as the process: tokens of a restarted example host no longer
 * verify, and several instances need a configured key.
 */
@Injectable()
export class AccessTokenSigner implements OnModuleInit {
  private privateKey: KeyObject;
  private publicJwk: JWK;
  private algorithm: string;

  constructor(@Inject(ACCESS_TOKEN_OPTIONS) private readonly options: AccessTokenOptions) {}

  get lifetimeSeconds(): number {
    return this.options.lifetimeSeconds ?? 600;
  }

  async onModuleInit(): Promise<void> {
    const { key, algorithm } = this.options.signingKey ? await importSigningKey(this.options.signingKey) : await generated();
    this.privateKey = key;
    this.algorithm = algorithm;
    const publicJwk = await exportJWK(createPublicKey(key));
    this.publicJwk = { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk), alg: algorithm, use: 'sig' };
  }

  /** RFC 7517 §5: the public key, for `jwks_uri`. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  async sign(request: AccessTokenRequest): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { client_id: request.clientId };
    if (request.scopes.length) claims.scope = request.scopes.join(' ');
    if (request.certificateThumbprint !== undefined) claims.cnf = { 'x5t#S256': request.certificateThumbprint };
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: this.algorithm, kid: this.publicJwk.kid, typ: 'at+jwt' })
      .setIssuer(request.issuer)
      .setSubject(request.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + this.lifetimeSeconds)
      .setJti(randomUUID());
    const audience = request.audience ?? this.options.audience;
    if (audience) jwt.setAudience(audience);
    return jwt.sign(this.privateKey);
  }
}

async function generated(): Promise<{ key: KeyObject; algorithm: string }> {
  new Logger('ExampleHost').warn('TOKEN_SIGNING_KEY is not set: signing access tokens with a key generated for this process only.');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { key: privateKey as KeyObject, algorithm: 'ES256' };
}

async function importSigningKey(text: string): Promise<{ key: KeyObject; algorithm: string }> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as JWK;
    const algorithm = jwk.alg ?? 'ES256';
    if (!ALGORITHMS.includes(algorithm)) throw new Error(`TOKEN_SIGNING_KEY: algorithm ${algorithm} is not one of ${ALGORITHMS.join(', ')}`);
    if (!jwk.d) throw new Error('TOKEN_SIGNING_KEY: the JWK has no private part ("d")');
    return { key: (await importJWK(jwk, algorithm)) as KeyObject, algorithm };
  }
  return { key: (await importPKCS8(trimmed, 'ES256')) as KeyObject, algorithm: 'ES256' };
}

import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { randomBase64Url } from '../secrets/random-value';
import { SecretDigester } from '../secrets/secret-digester';
import { isSecretAuthMethod } from '../vocabulary/client-vocabulary';
import { SecretGenerator } from './secret-generator';

/** A credential to show once, and what is stored of it. @internal */
export interface IssuedCredential {
  value: string;
  digest: string;
}

/** A client secret, with `client_secret_expires_at` (epoch seconds, 0 = never). @internal */
export interface IssuedSecret extends IssuedCredential {
  expiresAt: number;
}

/** The secret a client holds now, as stored. @internal */
export interface HeldSecret {
  secretDigest: string | null;
  /** Epoch seconds; 0 or null = never. */
  secretExpiresAt: number | null;
}

/** A rotated secret and the columns that store it. @internal */
export interface SecretRotation {
  secret: IssuedSecret;
  /** Epoch ms until which the previous secret still works; null when it stopped at once. */
  previousSecretValidUntil: number | null;
  columns: {
    secretDigest: string;
    secretExpiresAt: number;
    previousSecretDigest: string | null;
    previousSecretValidUntil: number | null;
  };
}

/** Registration access tokens carry 256 bits, like the default secrets. */
const REGISTRATION_TOKEN_LENGTH = 43;

/**
 * The one place credentials are made, for registration, RFC 7592 update and the admin API alike:
 * client secrets (from `SecretGenerator`, stored as keyed digests, expiring after
 * `clientSecret.lifetimeSeconds`), their rotation with a grace period, and RFC 7592 registration
 * access tokens.
 * @internal
 */
@Injectable()
export class CredentialIssuer {
  constructor(
    private readonly secrets: SecretGenerator,
    private readonly digester: SecretDigester,
  ) {}

  /**
   * True when a client of `server` with this auth method is given a secret (reference rule: only
   * for `client_secret_basic` / `client_secret_post`, only when `clientSecret` is configured).
   */
  needsSecret(server: ResolvedServerOptions, method: string | null | undefined): boolean {
    return server.clientSecret !== undefined && isSecretAuthMethod(method);
  }

  /**
   * True when a stored client with this auth method has a secret that can be rotated. Not tied to
   * the server's `clientSecret` option: a client keeps its secret when the option is removed, and
   * an administrator must still be able to replace a leaked one.
   */
  canRotate(method: string | null | undefined): boolean {
    return isSecretAuthMethod(method);
  }

  async clientSecret(server: ResolvedServerOptions, nowMs: number): Promise<IssuedSecret> {
    const value = await this.secrets.generate(server);
    const lifetime = server.clientSecret?.lifetimeSeconds ?? 0;
    return { value, digest: this.digester.digest(value), expiresAt: lifetime ? Math.floor(nowMs / 1000) + lifetime : 0 };
  }

  /**
   * A new secret for a client that holds `current`. With a grace period the current secret keeps
   * working until it ends, never past its own expiry; without, it stops at once.
   */
  async rotateSecret(server: ResolvedServerOptions, current: HeldSecret, graceSeconds: number, nowMs: number): Promise<SecretRotation> {
    const secret = await this.clientSecret(server, nowMs);
    let previousSecretValidUntil: number | null = null;
    if (graceSeconds > 0 && current.secretDigest) {
      const expiresAt = current.secretExpiresAt ? current.secretExpiresAt * 1000 : Infinity;
      const until = Math.min(nowMs + graceSeconds * 1000, expiresAt);
      if (until > nowMs) previousSecretValidUntil = until;
    }
    return {
      secret,
      previousSecretValidUntil,
      columns: {
        secretDigest: secret.digest,
        secretExpiresAt: secret.expiresAt,
        previousSecretDigest: previousSecretValidUntil === null ? null : current.secretDigest,
        previousSecretValidUntil,
      },
    };
  }

  /** An RFC 7592 registration access token, or undefined when management is off. */
  registrationAccessToken(server: ResolvedServerOptions): IssuedCredential | undefined {
    if (!server.management.enabled) return undefined;
    const value = randomBase64Url(REGISTRATION_TOKEN_LENGTH);
    return { value, digest: this.digester.digest(value) };
  }
}

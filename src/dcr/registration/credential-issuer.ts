import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { SecretGenerator } from '../processors/secret-generator';
import { randomBase64Url } from '../secrets/random-value';
import { SecretDigester } from '../secrets/secret-digester';
import { isSecretAuthMethod } from '../vocabulary/client-vocabulary';

/** A credential to show once, and what is stored of it. @internal */
export interface IssuedCredential {
  value: string;
  digest: string;
}

/** Registration access tokens carry 256 bits, like the default secrets. */
const REGISTRATION_TOKEN_LENGTH = 43;

/**
 * Makes the credentials of a registration: client secrets (reference rule: only for
 * `client_secret_basic` / `client_secret_post`, only when `clientSecret` is configured) and RFC
 * 7592 registration access tokens (only when management is enabled).
 * @internal
 */
@Injectable()
export class CredentialIssuer {
  constructor(
    private readonly secrets: SecretGenerator,
    private readonly digester: SecretDigester,
  ) {}

  /** True when a client of `server` with this auth method gets a secret. */
  needsSecret(server: ResolvedServerOptions, method: string | undefined): boolean {
    return server.clientSecret !== undefined && isSecretAuthMethod(method);
  }

  async clientSecret(server: ResolvedServerOptions, nowMs: number): Promise<IssuedCredential & { expiresAt: number }> {
    const value = await this.secrets.generate(server);
    const lifetime = server.clientSecret?.lifetimeSeconds ?? 0;
    return { value, digest: this.digester.digest(value), expiresAt: lifetime ? Math.floor(nowMs / 1000) + lifetime : 0 };
  }

  registrationAccessToken(server: ResolvedServerOptions): IssuedCredential | undefined {
    if (!server.management.enabled) return undefined;
    const value = randomBase64Url(REGISTRATION_TOKEN_LENGTH);
    return { value, digest: this.digester.digest(value) };
  }

  /** RFC 7592 §3: the client configuration endpoint of `clientId`. */
  registrationClientUri(server: ResolvedServerOptions, baseUrl: string, clientId: string): string | undefined {
    if (!server.management.enabled) return undefined;
    return `${server.issuer ?? baseUrl}/${server.registrationPath}/${encodeURIComponent(clientId)}`;
  }
}

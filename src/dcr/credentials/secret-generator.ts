import { Injectable } from '@nestjs/common';
import { DCR_DEFAULTS } from '../options/option-defaults';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { randomBase64Url } from '../secrets/random-value';

/**
 * Makes `client_secret` values. Called only when the resolved auth method is
 * `client_secret_basic` or `client_secret_post` (reference rule).
 * @publicApi
 */
export abstract class SecretGenerator {
  abstract generate(server: ResolvedServerOptions): string | Promise<string>;
}

/**
 * CSPRNG bytes as base64url, `clientSecret.length` characters.
 * @default 43 characters (256 bits); start-up refuses fewer than 128 bits.
 * @publicApi
 */
@Injectable()
export class RandomSecretGenerator extends SecretGenerator {
  generate(server: ResolvedServerOptions): string {
    return randomBase64Url(server.clientSecret?.length ?? DCR_DEFAULTS.clientSecretLength);
  }
}

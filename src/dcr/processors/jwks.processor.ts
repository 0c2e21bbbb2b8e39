import { Injectable } from '@nestjs/common';
import { FetchRefusedError } from '../fetch/fetch-refused.error';
import { vetFetchUrl } from '../fetch/fetch-url';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { publicJwksProblem } from '../vocabulary/public-jwks';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

/**
 * The keys of a client (RFC 7591 §2): `jwks`, a JWK Set of public asymmetric keys within
 * `processors.jwks.maxKeys` / `maxBytes`, or `jwks_uri`, an https URL the guarded fetcher may
 * fetch (never both); and `token_endpoint_auth_signing_alg` from `processors.jwks.algorithms`. A
 * `private_key_jwt` client must register `jwks` or `jwks_uri`. Every refusal is
 * `invalid_client_metadata`, and none quotes key material. Runs after the auth-method processor.
 * @publicApi
 */
export abstract class JwksProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class DefaultJwksProcessor extends JwksProcessor {
  readonly name = 'jwks';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.jwks !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const options = ctx.server.processors.jwks!;
    const hasJwks = ctx.has('jwks');
    const hasUri = ctx.has('jwks_uri');
    // RFC 7591 §2: "The "jwks_uri" and "jwks" parameters MUST NOT both be present in the same request or response."
    if (hasJwks && hasUri) ctx.reject('jwks', 'jwks and jwks_uri cannot both be registered (RFC 7591 §2)');

    if (hasJwks) {
      const jwks = ctx.get('jwks');
      const problem = publicJwksProblem(jwks, options);
      if (problem !== undefined) ctx.reject('jwks', problem);
      // A copy: the registered set is exactly the public JSON that was checked.
      ctx.accept('jwks', JSON.parse(JSON.stringify(jwks)));
    }

    if (hasUri) {
      const uri = ctx.get<string>('jwks_uri')!;
      if (!options.jwksUri) ctx.reject('jwks_uri', 'not accepted by this server; register the public keys as jwks');
      try {
        const { allowHttpLoopback = false, allowHttpsLoopback = false } = options.jwksUri.development;
        vetFetchUrl(uri, { allowHttpLoopback, allowHttpsLoopback, loopbackCaPem: [] });
      } catch (error) {
        if (!(error instanceof FetchRefusedError)) throw error;
        ctx.reject('jwks_uri', `must be an https URL of a public host (${error.message})`);
      }
      ctx.accept('jwks_uri', uri);
    }

    const algField = 'token_endpoint_auth_signing_alg';
    if (ctx.has(algField)) {
      const alg = ctx.get(algField);
      if (typeof alg !== 'string' || !options.algorithms.includes(alg)) {
        ctx.reject(algField, `must be one of ${options.algorithms.join(', ')}`);
      }
      ctx.accept(algField, alg);
    }

    if (ctx.metadata.token_endpoint_auth_method === 'private_key_jwt' && !hasJwks && !hasUri) {
      ctx.reject('jwks', 'private_key_jwt needs the client\'s public keys: register jwks or jwks_uri');
    }
  }
}

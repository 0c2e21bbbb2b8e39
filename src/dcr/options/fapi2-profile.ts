import type { TokenEndpointAuthMethod } from './dcr-module-options.interface';
import type { OptionReader } from './option-reader';
import type { ResolvedServerOptions } from './resolved-options';
import { resolveJwks } from './resolve-jwks';

/**
 * FAPI 2.0 Security Profile §5.3.3.4: the only client authentication methods (no shared secret,
 * no public client). The module has no `password` grant to turn off.
 * @internal
 */
export const FAPI2_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];

/** How the `fapi2` preset is named in errors and decision reports. @internal */
export const FAPI2_PROFILE_NAME = 'profile "fapi2" (FAPI 2.0 Security Profile)';

type Json = Record<string, unknown>;

/**
 * Applies `profile: "fapi2"` to a resolved server: fills what the options left open (the three
 * asymmetric auth methods, `processors.jwks` with its defaults) and reports, naming the option,
 * every option set against it. A preset never silently overrides an explicit choice: the
 * operator must take the contradicting option out.
 * @internal
 */
export function applyFapi2Profile(read: OptionReader, raw: Json, path: string, server: ResolvedServerOptions): void {
  const contradicts = (option: string, why: string) => read.problems.push(`${path}.${option}: contradicts ${FAPI2_PROFILE_NAME}: ${why}`);
  const processors = (raw.processors ?? {}) as Json;
  const methods = (processors.tokenEndpointAuthMethod ?? undefined) as Json | undefined;

  if (methods?.allowed !== undefined) {
    const outside = server.processors.tokenEndpointAuthMethod?.allowed.filter((method) => !FAPI2_AUTH_METHODS.includes(method)) ?? [];
    if (outside.length) contradicts('processors.tokenEndpointAuthMethod.allowed', `${outside.join(', ')} not allowed (only ${FAPI2_AUTH_METHODS.join(', ')})`);
  }
  // Without `processors` (or without its auth-method key) the preset supplies both.
  server.processors.jwks ??= resolveJwks(read, {}, `${path}.processors.jwks`);
  server.processors.tokenEndpointAuthMethod ??= { allowed: [...FAPI2_AUTH_METHODS], mandatory: false, strict: server.strict };
  if (server.grants.implicit) contradicts('grants.implicit', 'the implicit grant is not allowed');
  if (server.clientIdMetadataDocument) contradicts('clientIdMetadataDocument', 'its clients are public (token_endpoint_auth_method "none")');
}

import { InvalidClientMetadataError, InvalidRedirectUriError } from '../errors/dcr.error';
import type { ResolvedClientIdMetadataDocumentOptions } from '../options/resolved-options';
import { isSecretAuthMethod } from '../vocabulary/client-vocabulary';

/** Members of a JWK that only a private or symmetric key has (RFC 7517, RFC 7518 §6). */
const PRIVATE_KEY_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** A document is published for anyone to read: no shared secret can be in it or derive from it. */
const SHARED_SECRET_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * draft-ietf-oauth-client-id-metadata-document §4: the document names itself (`client_id` equal
 * to its URL, compared as strings) and holds no secret: no `client_secret`, no
 * `client_secret_expires_at`, no symmetric authentication method, no private key in `jwks`.
 * Returns the document without `client_id`, as the processors see metadata.
 * @internal
 */
export function documentMetadata(document: unknown, url: string): Record<string, unknown> {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InvalidClientMetadataError('the client metadata document must be a JSON object');
  }
  const { client_id: clientId, ...metadata } = document as Record<string, unknown>;
  if (clientId !== url) throw new InvalidClientMetadataError('client_id: must be the URL of the document itself');
  for (const field of ['client_secret', 'client_secret_expires_at']) {
    if (Object.hasOwn(metadata, field)) throw new InvalidClientMetadataError(`${field}: a client metadata document is public and must not carry a secret`);
  }
  const method = metadata.token_endpoint_auth_method;
  if (typeof method === 'string' && SHARED_SECRET_METHODS.includes(method)) {
    throw new InvalidClientMetadataError(`token_endpoint_auth_method: "${method}" needs a shared secret, which a public document cannot hold`);
  }
  if (hasPrivateKey(metadata.jwks)) throw new InvalidClientMetadataError('jwks: must hold public keys only');
  // Without a method the client is public: the RFC 7591 default (client_secret_basic) needs a secret.
  if (method === undefined) metadata.token_endpoint_auth_method = 'none';
  return metadata;
}

/** The members the server requires (`requiredProperties`), all present. @internal */
export function assertRequiredMembers(metadata: Record<string, unknown>, options: ResolvedClientIdMetadataDocumentOptions): void {
  const missing = options.requiredProperties.filter((member) => member !== 'client_id' && !Object.hasOwn(metadata, member));
  if (missing.length) throw new InvalidClientMetadataError(`${missing[0]}: required in a client metadata document`);
}

/**
 * With `redirectUrisOnDocumentHost`, every redirect URI is on the document's host (or, for a
 * native client, on a loopback host), so a document cannot send codes to a third party.
 * @internal
 */
export function assertRedirectHosts(metadata: Record<string, unknown>, url: string, options: ResolvedClientIdMetadataDocumentOptions): void {
  if (!options.redirectUrisOnDocumentHost || !Array.isArray(metadata.redirect_uris)) return;
  const documentHost = new URL(url).host;
  metadata.redirect_uris.forEach((uri, index) => {
    const host = hostOf(uri);
    if (host !== documentHost && !LOOPBACK_HOSTS.has(host?.replace(/:\d+$/, '') ?? '')) {
      throw new InvalidRedirectUriError(`redirect_uris[${index}]: must be on the document's host ${documentHost}`);
    }
  });
}

/** After the processors: the method the client will use must not need a secret. @internal */
export function assertNoSharedSecret(method: unknown): void {
  if (typeof method === 'string' && isSecretAuthMethod(method)) {
    throw new InvalidClientMetadataError(`token_endpoint_auth_method: resolved to "${method}", which needs a secret; allow "none" for client metadata documents`);
  }
}

function hasPrivateKey(jwks: unknown): boolean {
  if (jwks === null || typeof jwks !== 'object') return false;
  const keys = (jwks as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.some((key) => key !== null && typeof key === 'object' && PRIVATE_KEY_MEMBERS.some((member) => Object.hasOwn(key, member)));
}

function hostOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  try {
    return new URL(uri).host;
  } catch {
    return undefined;
  }
}

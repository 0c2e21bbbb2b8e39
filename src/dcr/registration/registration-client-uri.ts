import type { ResolvedServerOptions } from '../options/resolved-options';

/**
 * RFC 7592 §3: the client configuration endpoint of `clientId`, under the configured `issuer`,
 * else under `baseUrl` (the URL the request used). Undefined when management is off.
 * @internal
 */
export function registrationClientUri(server: ResolvedServerOptions, baseUrl: string, clientId: string): string | undefined {
  if (!server.management.enabled) return undefined;
  return `${server.issuer ?? baseUrl}/${server.registrationPath}/${encodeURIComponent(clientId)}`;
}

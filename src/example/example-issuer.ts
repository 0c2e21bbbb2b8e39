import type { ResolvedDcrOptions, ResolvedServerOptions } from '../dcr';
import { DcrHttpRequest, requestBaseUrl } from '../dcr/entry-points/http';

/** The one authorization server the example host serves: the first configured. */
export function exampleServer(options: ResolvedDcrOptions): ResolvedServerOptions {
  return [...options.servers.values()][0];
}

/**
 * The issuer identifier (RFC 8414 §2): the configured `issuer` (the example host always sets one,
 * see `readHostConfig`), else, in an app built without one, the URL the client used.
 */
export function exampleIssuer(server: ResolvedServerOptions, request: DcrHttpRequest): string {
  return server.issuer ?? requestBaseUrl(request);
}

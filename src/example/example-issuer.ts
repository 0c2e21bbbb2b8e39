import type { DcrHttpRequest } from '../dcr';
import type { ResolvedDcrOptions, ResolvedServerOptions } from '../dcr';
import { requestBaseUrl } from '../dcr/registration/request-base-url';

/** The one authorization server the example host serves: the first configured. */
export function exampleServer(options: ResolvedDcrOptions): ResolvedServerOptions {
  return [...options.servers.values()][0];
}

/** The issuer identifier (RFC 8414 §2): the configured `issuer`, else the URL the client used. */
export function exampleIssuer(server: ResolvedServerOptions, request: DcrHttpRequest): string {
  return server.issuer ?? requestBaseUrl(request);
}

import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { ServerWarning } from '../options/server-warning';

/**
 * Warns at start-up, once per authorization server, when RFC 7592 management is on and no
 * `issuer` is configured: `registration_client_uri` is then built from each request's scheme and
 * `Host` header, which the client chooses (a request with `Host: evil.example` is told to manage
 * its registration on evil.example). Nothing is refused.
 * @internal
 */
@Injectable()
export class RequestDerivedUriWarning extends ServerWarning {
  protected warningFor(server: ResolvedServerOptions, at: string): string | undefined {
    if (server.issuer !== undefined || !server.management.enabled) return undefined;
    return `${at || 'The '}issuer is not set: registration_client_uri is built from each request's Host header, which the client chooses; ` +
      `set ${at}issuer to the server's own URL`;
  }
}

import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { MODULE_OPTIONS_TOKEN } from '../dcr.module-definition';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import type { ResolvedDcrOptions } from '../options/resolved-options';

/**
 * Warns at start-up, once per authorization server, when RFC 7592 management is on and no
 * `issuer` is configured: `registration_client_uri` is then built from each request's scheme and
 * `Host` header, which the client chooses (a request with `Host: evil.example` is told to manage
 * its registration on evil.example). Nothing is refused.
 * @internal
 */
@Injectable()
export class RequestDerivedUriWarning implements OnModuleInit {
  private readonly logger = new Logger('DcrModule');

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly resolved: ResolvedDcrOptions,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: DcrModuleOptions,
  ) {}

  onModuleInit(): void {
    for (const server of this.resolved.servers.values()) {
      if (server.issuer !== undefined || !server.management.enabled) continue;
      const at = this.options.authorizationServers ? `authorizationServers.${server.id}.` : '';
      this.logger.warn(
        `${at || 'The '}issuer is not set: registration_client_uri is built from each request's Host header, which the client chooses; ` +
          `set ${at}issuer to the server's own URL`,
      );
    }
  }
}

import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { MODULE_OPTIONS_TOKEN } from '../dcr.module-definition';
import type { DcrModuleOptions } from './dcr-module-options.interface';
import type { ResolvedDcrOptions, ResolvedServerOptions } from './resolved-options';

/**
 * A start-up warning about a risky but valid setting, written once per authorization server
 * that has it. Nothing is refused.
 * @internal
 */
export abstract class ServerWarning implements OnModuleInit {
  private readonly logger = new Logger('DcrModule');

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly resolved: ResolvedDcrOptions,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: DcrModuleOptions,
  ) {}

  /** The warning for `server`, or undefined. `at` is the option path prefix of the server (`authorizationServers.<id>.`, or empty). */
  protected abstract warningFor(server: ResolvedServerOptions, at: string): string | undefined;

  onModuleInit(): void {
    for (const server of this.resolved.servers.values()) {
      const warning = this.warningFor(server, this.options.authorizationServers ? `authorizationServers.${server.id}.` : '');
      if (warning !== undefined) this.logger.warn(warning);
    }
  }
}

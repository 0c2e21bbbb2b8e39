import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { MODULE_OPTIONS_TOKEN } from '../dcr.module-definition';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import type { ResolvedDcrOptions, ResolvedServerOptions } from '../options/resolved-options';

/** Whether anyone may register on `server` as often as they like. */
export function registrationUnbounded(server: ResolvedServerOptions): boolean {
  const rule = server.rateLimit.registration;
  return !server.initialAccessToken.required && rule.limit === 0 && rule.overallLimit === 0;
}

/**
 * Warns at start-up, once per authorization server, when registration is open (no initial access
 * token required) and not rate-limited: a single address can then store clients without bound
 * (tens of thousands a minute). Nothing is refused; the host may limit in front of the module.
 * Only with the module's own controllers, which are what apply `rateLimit`.
 * @internal
 */
@Injectable()
export class OpenRegistrationWarning implements OnModuleInit {
  private readonly logger = new Logger('DcrModule');

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly resolved: ResolvedDcrOptions,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: DcrModuleOptions,
  ) {}

  onModuleInit(): void {
    for (const server of this.resolved.servers.values()) {
      if (!registrationUnbounded(server)) continue;
      const at = this.options.authorizationServers ? `authorizationServers.${server.id}.` : '';
      this.logger.warn(
        `Registration at /${server.registrationPath} is open (${at}initialAccessToken.required is false) and has no rate limit: ` +
          `set ${at}rateLimit.registration.limit, or one address can register clients without bound`,
      );
    }
  }
}

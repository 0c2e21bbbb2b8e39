import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { ServerWarning } from '../options/server-warning';

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
export class OpenRegistrationWarning extends ServerWarning {
  protected warningFor(server: ResolvedServerOptions, at: string): string | undefined {
    if (!registrationUnbounded(server)) return undefined;
    return `Registration at /${server.registrationPath} is open (${at}initialAccessToken.required is false) and has no rate limit: ` +
      `set ${at}rateLimit.registration.limit, or one address can register clients without bound`;
  }
}

import { CorsOptionsClass, QuotaOptionsClass, RateLimitOptionsClass, RateLimitRuleClass, ReapingOptionsClass } from './abuse-control-options';
import { OptionReader } from './option-reader';
import { readOptionClass } from './read-option-class';
import { ResolvedRateLimit, ResolvedServerOptions } from './resolved-options';

/** `rateLimit`: per-IP and overall limits of registration and management; 0 = off. @internal */
export function resolveRateLimit(read: OptionReader, value: unknown, path: string): ResolvedServerOptions['rateLimit'] {
  const options = readOptionClass(read, RateLimitOptionsClass, value, path);
  const rule = (key: 'registration' | 'management'): ResolvedRateLimit => {
    const { limit, overallLimit, windowSeconds } = readOptionClass(read, RateLimitRuleClass, options?.[key], `${path}.${key}`) ?? new RateLimitRuleClass();
    return { limit, overallLimit, windowSeconds };
  };
  return { registration: rule('registration'), management: rule('management') };
}

/** `quotas`: caps on live dynamically registered clients; 0 = none. @internal */
export function resolveQuotas(read: OptionReader, value: unknown, path: string): ResolvedServerOptions['quotas'] {
  const { maxClients, maxClientsPerSoftwareId, maxClientsPerInitialAccessToken } = readOptionClass(read, QuotaOptionsClass, value, path) ?? new QuotaOptionsClass();
  return { maxClients, maxClientsPerSoftwareId, maxClientsPerInitialAccessToken };
}

/** `reaping`: deletion of forgotten dynamically registered clients; 0 = off. @internal */
export function resolveReaping(read: OptionReader, value: unknown, path: string): ResolvedServerOptions['reaping'] {
  const { unusedDays, expiredSecretDays, intervalSeconds } = readOptionClass(read, ReapingOptionsClass, value, path) ?? new ReapingOptionsClass();
  return { unusedDays, expiredSecretDays, intervalSeconds };
}

/** `cors`: exact origins or `*`. @internal */
export function resolveCors(read: OptionReader, value: unknown, path: string): ResolvedServerOptions['cors'] {
  const options = readOptionClass(read, CorsOptionsClass, value, path);
  return options && { allowedOrigins: options.allowedOrigins, maxAgeSeconds: options.maxAgeSeconds };
}

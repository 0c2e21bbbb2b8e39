import { OptionReader } from './option-reader';
import { ResolvedRateLimit, ResolvedServerOptions } from './resolved-options';

const MAX_COUNT = 1_000_000_000;

/** `rateLimit`: per-IP and overall limits of registration and management; 0 = off. @internal */
export function resolveRateLimit(read: OptionReader, value: unknown, path: string): ResolvedServerOptions['rateLimit'] {
  const options = read.object(value, path, ['registration', 'management']);
  const rule = (key: string): ResolvedRateLimit => {
    const at = `${path}.${key}`;
    const limit = read.object(options?.[key], at, ['limit', 'overallLimit', 'windowSeconds']);
    return {
      limit: read.integer(limit, 'limit', at, 0, 0, MAX_COUNT),
      overallLimit: read.integer(limit, 'overallLimit', at, 0, 0, MAX_COUNT),
      windowSeconds: read.integer(limit, 'windowSeconds', at, 60, 1, 86_400),
    };
  };
  return { registration: rule('registration'), management: rule('management') };
}

/** `quotas`: caps on live dynamically registered clients; 0 = none. @internal */
export function resolveQuotas(read: OptionReader, value: unknown, path: string): ResolvedServerOptions['quotas'] {
  const options = read.object(value, path, ['maxClients', 'maxClientsPerSoftwareId', 'maxClientsPerInitialAccessToken']);
  return {
    maxClients: read.integer(options, 'maxClients', path, 0, 0, MAX_COUNT),
    maxClientsPerSoftwareId: read.integer(options, 'maxClientsPerSoftwareId', path, 0, 0, MAX_COUNT),
    maxClientsPerInitialAccessToken: read.integer(options, 'maxClientsPerInitialAccessToken', path, 0, 0, MAX_COUNT),
  };
}

/** `reaping`: deletion of forgotten dynamically registered clients; 0 = off. @internal */
export function resolveReaping(read: OptionReader, value: unknown, path: string): ResolvedServerOptions['reaping'] {
  const options = read.object(value, path, ['unusedDays', 'expiredSecretDays', 'intervalSeconds']);
  return {
    unusedDays: read.integer(options, 'unusedDays', path, 0, 0, 36_500),
    expiredSecretDays: read.integer(options, 'expiredSecretDays', path, 0, 0, 36_500),
    intervalSeconds: read.integer(options, 'intervalSeconds', path, 3600, 1, 7 * 86_400),
  };
}

/** `cors`: exact origins or `*`. @internal */
export function resolveCors(read: OptionReader, value: unknown, path: string): ResolvedServerOptions['cors'] {
  const options = read.object(value, path, ['allowedOrigins', 'maxAgeSeconds']);
  if (!options) return undefined;
  const origins = options.allowedOrigins;
  if (!Array.isArray(origins) || origins.length === 0) {
    read.problems.push(`${path}.allowedOrigins: must be a non-empty array of origins (or ["*"])`);
    return undefined;
  }
  origins.filter((origin) => origin !== '*' && !isOrigin(origin)).forEach((origin) =>
    read.problems.push(`${path}.allowedOrigins: ${JSON.stringify(origin)} is not an origin (scheme://host[:port], no path)`));
  if (origins.includes('*') && origins.length > 1) read.problems.push(`${path}.allowedOrigins: "*" stands alone`);
  return { allowedOrigins: origins as string[], maxAgeSeconds: read.integer(options, 'maxAgeSeconds', path, 600, 0, 86_400) };
}

function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

import { guardedFetcherOptionProblems, type GuardedFetcherDevelopmentOptions } from '../fetch/fetch-options';
import type { OptionReader } from './option-reader';
import type { ResolvedClientIdMetadataDocumentOptions } from './resolved-options';

const KEYS = ['enabled', 'allowedHosts', 'redirectUrisOnDocumentHost', 'requiredProperties', 'maxClients', 'maxBytes', 'timeoutMs', 'cache', 'development'];
/** Members a document always needs (the draft's `client_id`; `redirect_uris` for the authorization code flow). */
const ALWAYS_REQUIRED = ['client_id', 'redirect_uris'];
const MEMBER = /^[a-z][a-z0-9_]{0,63}$/;

/** `clientIdMetadataDocument`: undefined when absent or `enabled: false`. @internal */
export function resolveClientIdMetadataDocument(read: OptionReader, value: unknown, path: string): ResolvedClientIdMetadataDocumentOptions | undefined {
  const options = read.object(value, path, KEYS);
  if (!options || !read.boolean(options, 'enabled', path, true)) return undefined;
  const cache = read.object(options.cache, `${path}.cache`, ['minSeconds', 'maxSeconds', 'maxEntries']);
  const development = read.object(options.development, `${path}.development`, ['allowHttpLoopback', 'allowHttpsLoopback', 'loopbackCaPem']);
  const minSeconds = read.integer(cache, 'minSeconds', `${path}.cache`, 60, 0, 86_400);
  const maxSeconds = read.integer(cache, 'maxSeconds', `${path}.cache`, 86_400, 0, 7 * 86_400);
  if (maxSeconds < minSeconds) read.problems.push(`${path}.cache.maxSeconds: must not be below cache.minSeconds (${minSeconds})`);
  const required = options.requiredProperties ?? ['client_name'];
  if (!Array.isArray(required) || required.some((member) => typeof member !== 'string' || !MEMBER.test(member))) {
    read.problems.push(`${path}.requiredProperties: must be an array of metadata member names (lowercase, like "client_name")`);
  }
  for (const problem of guardedFetcherOptionProblems({ development: development as GuardedFetcherDevelopmentOptions | undefined }, `${path}.`)) read.problems.push(problem);
  return {
    allowedHosts: options.allowedHosts === undefined ? [] : read.patterns(options, 'allowedHosts', path, ['[a-z0-9.-]+']),
    redirectUrisOnDocumentHost: read.boolean(options, 'redirectUrisOnDocumentHost', path, false),
    requiredProperties: [...new Set([...ALWAYS_REQUIRED, ...(Array.isArray(required) ? required.filter((m): m is string => typeof m === 'string') : [])])],
    maxClients: read.integer(options, 'maxClients', path, 10_000, 0, 100_000_000),
    maxBytes: read.integer(options, 'maxBytes', path, 5120, 256, 65_536),
    timeoutMs: read.integer(options, 'timeoutMs', path, 5000, 100, 60_000),
    cache: { minSeconds, maxSeconds, maxEntries: read.integer(cache, 'maxEntries', `${path}.cache`, 1000, 1, 1_000_000) },
    development: {
      allowHttpLoopback: read.boolean(development, 'allowHttpLoopback', `${path}.development`, false),
      allowHttpsLoopback: read.boolean(development, 'allowHttpsLoopback', `${path}.development`, false),
      ...(development?.loopbackCaPem !== undefined && { loopbackCaPem: development.loopbackCaPem as string | string[] }),
    },
  };
}

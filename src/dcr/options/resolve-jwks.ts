import { guardedFetcherOptionProblems, type GuardedFetcherDevelopmentOptions } from '../fetch/fetch-options';
import { ASYMMETRIC_JWS_ALGORITHMS } from '../vocabulary/public-jwks';
import { DCR_DEFAULTS } from './option-defaults';
import type { OptionReader } from './option-reader';
import type { ResolvedJwksOptions } from './resolved-options';

const KEYS = ['maxKeys', 'maxBytes', 'algorithms', 'jwksUri'];
const URI_KEYS = ['enabled', 'timeoutMs', 'cacheMinSeconds', 'cacheMaxSeconds', 'refreshMinSeconds', 'development'];

/** `processors.jwks`: undefined when absent. @internal */
export function resolveJwks(read: OptionReader, value: unknown, path: string): ResolvedJwksOptions | undefined {
  const options = read.object(value, path, KEYS);
  if (!options) return undefined;
  const defaults = DCR_DEFAULTS.jwks;
  const algorithms = options.algorithms ?? defaults.algorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    read.problems.push(`${path}.algorithms: must be a non-empty array`);
  } else {
    algorithms
      .filter((alg) => typeof alg !== 'string' || !ASYMMETRIC_JWS_ALGORITHMS.includes(alg))
      .forEach((alg) => read.problems.push(`${path}.algorithms: ${JSON.stringify(alg)} is not an asymmetric JWS algorithm (supported: ${ASYMMETRIC_JWS_ALGORITHMS.join(', ')})`));
  }

  const uriPath = `${path}.jwksUri`;
  const uri = read.object(options.jwksUri ?? {}, uriPath, URI_KEYS);
  const development = read.object(uri?.development, `${uriPath}.development`, ['allowHttpLoopback', 'allowHttpsLoopback', 'loopbackCaPem']);
  for (const problem of guardedFetcherOptionProblems({ development: development as GuardedFetcherDevelopmentOptions | undefined }, `${uriPath}.`)) read.problems.push(problem);
  const cacheMinSeconds = read.integer(uri, 'cacheMinSeconds', uriPath, 60, 0, 86_400);
  const cacheMaxSeconds = read.integer(uri, 'cacheMaxSeconds', uriPath, 3600, 0, 7 * 86_400);
  if (cacheMaxSeconds < cacheMinSeconds) read.problems.push(`${uriPath}.cacheMaxSeconds: must not be below cacheMinSeconds (${cacheMinSeconds})`);

  return {
    maxKeys: read.integer(options, 'maxKeys', path, defaults.maxKeys, 1, 100),
    maxBytes: read.integer(options, 'maxBytes', path, defaults.maxBytes, 512, 65_536),
    algorithms: Array.isArray(algorithms) ? [...new Set(algorithms.filter((alg): alg is string => typeof alg === 'string'))] : [],
    ...(read.boolean(uri, 'enabled', uriPath, true) && {
      jwksUri: {
        timeoutMs: read.integer(uri, 'timeoutMs', uriPath, 5000, 100, 60_000),
        cacheMinSeconds,
        cacheMaxSeconds,
        refreshMinSeconds: read.integer(uri, 'refreshMinSeconds', uriPath, 60, 1, 86_400),
        development: {
          allowHttpLoopback: read.boolean(development, 'allowHttpLoopback', `${uriPath}.development`, false),
          allowHttpsLoopback: read.boolean(development, 'allowHttpsLoopback', `${uriPath}.development`, false),
          ...(development?.loopbackCaPem !== undefined && { loopbackCaPem: development.loopbackCaPem as string | string[] }),
        },
      },
    }),
  };
}

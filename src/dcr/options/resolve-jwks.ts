import { guardedFetcherOptionProblems, type GuardedFetcherDevelopmentOptions } from '../fetch/fetch-options';
import type { OptionReader } from './option-reader';
import { FetchDevelopmentOptionsClass, JwksOptionsClass, JwksUriOptionsClass } from './processor-options';
import { member, readOptionClass, readOptionClasses } from './read-option-class';
import type { ResolvedJwksOptions } from './resolved-options';

/** `processors.jwks`: undefined when absent. @internal */
export function resolveJwks(read: OptionReader, value: unknown, path: string): ResolvedJwksOptions | undefined {
  const uriPath = `${path}.jwksUri`;
  const [options, uri = new JwksUriOptionsClass()] = readOptionClasses(read, [[JwksOptionsClass, value, path], [JwksUriOptionsClass, member(value, 'jwksUri'), uriPath]] as const);
  if (!options) return undefined;
  const development = resolveFetchDevelopment(read, uri.development, uriPath);
  return {
    maxKeys: options.maxKeys,
    maxBytes: options.maxBytes,
    algorithms: [...new Set(options.algorithms)],
    ...(uri.enabled && {
      jwksUri: { timeoutMs: uri.timeoutMs, cacheMinSeconds: uri.cacheMinSeconds, cacheMaxSeconds: uri.cacheMaxSeconds, refreshMinSeconds: uri.refreshMinSeconds, development },
    }),
  };
}

/** `<owner>.development` of a fetch, with the fetcher's own rules for `loopbackCaPem`. @internal */
export function resolveFetchDevelopment(read: OptionReader, value: unknown, owner: string): GuardedFetcherDevelopmentOptions {
  const development = readOptionClass(read, FetchDevelopmentOptionsClass, value, `${owner}.development`);
  for (const problem of guardedFetcherOptionProblems({ development }, `${owner}.`)) read.problems.push(problem);
  const { allowHttpLoopback, allowHttpsLoopback, loopbackCaPem } = development ?? new FetchDevelopmentOptionsClass();
  return { allowHttpLoopback, allowHttpsLoopback, ...(loopbackCaPem !== undefined && { loopbackCaPem }) };
}

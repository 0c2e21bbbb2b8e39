/**
 * How long a fetched document may be cached, in seconds, from its `Cache-Control` (and `Age`)
 * headers: 0 (never stored) for `no-store` or `no-cache` (this cache does not revalidate);
 * otherwise `max-age` minus `Age`, or the minimum when there is no `max-age`, clamped to
 * [min, max]. `Expires`, `s-maxage` and `private` are ignored: the fetcher is a private cache that
 * reads `Cache-Control` only.
 * @internal
 */
export function cacheLifetimeSeconds(
  cacheControl: string | undefined,
  age: string | undefined,
  bounds: { min: number; max: number },
): number {
  const directives = new Map<string, string | undefined>();
  for (const part of (cacheControl ?? '').split(',')) {
    const [name, ...rest] = part.split('=');
    const key = name.trim().toLowerCase();
    if (key !== '' && !directives.has(key)) directives.set(key, rest.length > 0 ? rest.join('=').trim().replace(/^"(.*)"$/, '$1') : undefined);
  }
  if (directives.has('no-store') || directives.has('no-cache')) return 0;
  const maxAge = seconds(directives.get('max-age'));
  const fresh = maxAge === undefined ? bounds.min : maxAge - (seconds(age) ?? 0);
  return Math.min(bounds.max, Math.max(bounds.min, fresh));
}

/** A delta-seconds value (RFC 9111 §1.2.2): digits only; huge values count as very long. */
function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value), 2 ** 31);
}

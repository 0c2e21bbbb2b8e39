/**
 * `redirectUri` with `parameters` added to its query (RFC 6749 §3.1.2: the query it already has
 * is kept as it is). Undefined values are left out.
 */
export function redirectWith(redirectUri: string, parameters: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) query.append(name, value);
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`;
}

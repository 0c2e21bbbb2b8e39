/**
 * The same token with its last character changed. Always differs from the input, so a
 * "wrong token" case can never turn into the real token by chance.
 */
export function tamperedToken(token: string): string {
  const last = token.at(-1);
  return `${token.slice(0, -1)}${last === 'x' ? 'y' : 'x'}`;
}

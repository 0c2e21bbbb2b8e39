/**
 * Decodes one application/x-www-form-urlencoded name or value (WHATWG URL §5.1): `+` is a space,
 * then percent-escapes are UTF-8. Returns undefined for a broken escape or invalid UTF-8, which
 * the lenient `URLSearchParams` would turn into U+FFFD instead of refusing.
 * @internal
 */
export function formDecode(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * The name/value pairs of application/x-www-form-urlencoded text (a form body or a query string),
 * in order and repeats kept, or undefined when any name or value does not decode (see
 * `formDecode`). Empty pairs (`a=1&&b=2`) are skipped, as WHATWG URL does.
 * @internal
 */
export function formPairs(text: string): [name: string, value: string][] | undefined {
  const pairs: [string, string][] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = formDecode(equals < 0 ? pair : pair.slice(0, equals));
    const value = formDecode(equals < 0 ? '' : pair.slice(equals + 1));
    if (name === undefined || value === undefined) return undefined;
    pairs.push([name, value]);
  }
  return pairs;
}

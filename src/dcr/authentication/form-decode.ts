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

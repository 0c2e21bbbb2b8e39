/**
 * Longest stored search form of a name, in UTF-16 code units. NFKC and lower-casing can expand a
 * 200-character name several times; the cap keeps every index entry far below PostgreSQL's
 * B-tree row limit (about 2.7 kB), so no name can make an insert fail.
 * @internal
 */
export const NAME_SEARCH_MAX_LENGTH = 400;

/**
 * The case- and compatibility-folded form of a display name that the admin search matches on
 * (`tech_client.name_search`). Computed here, in one place, rather than with the database's
 * `lower()`, whose Unicode behaviour differs between SQLite (ASCII only) and PostgreSQL (locale),
 * so the same search finds the same clients on both.
 * @internal
 */
export function nameSearchOf(name: string): string {
  const folded = foldForSearch(name);
  if (folded.length <= NAME_SEARCH_MAX_LENGTH) return folded;
  let cut = folded.slice(0, NAME_SEARCH_MAX_LENGTH);
  // Never leave half a surrogate pair behind: drivers would store it as U+FFFD.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/** The same folding, for a search term. @internal */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

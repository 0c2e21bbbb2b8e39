/**
 * The admin name search's index: for every client, each position of its folded name
 * (`name_search`) with the `NAME_FRAGMENT_LENGTH` characters (code points) that start there, in
 * `tech_client_name_fragment (fragment, created_at, client_id)`. A term that occurs at a position
 * is a prefix of that position's fragment, so one range of the primary key holds every occurrence
 * of a term up to that length, whatever its length (one letter, two, ten): no scan, and no
 * statistics to guess from. Database triggers keep the table in step with `tech_client`, in the
 * same transaction as every write of the row, whoever writes it.
 * @internal
 */
export const NAME_FRAGMENT_TABLE = 'tech_client_name_fragment';

/**
 * Characters per fragment. A term of up to this many characters is matched exactly by the index;
 * a longer one by its windows of this length, then checked on the row. Ten tell apart the words
 * of almost every two-word term ("cli agen" against "agent cli"), and longer fragments would only
 * make each index entry larger.
 * @internal
 */
export const NAME_FRAGMENT_LENGTH = 10;

/**
 * How the index finds the candidates of a term: every fragment in `[from, to)` (a prefix range;
 * `to` undefined: no upper bound), or equal to `equals`. @internal
 */
export type FragmentKey = { from: string; to: string | undefined } | { equals: string };

/** The fragment keys to look up for a folded term, and whether a match of one is already a match of the term. @internal */
export interface FragmentLookup {
  keys: FragmentKey[];
  /** True when the term fits in a fragment: the range is the answer, no row needs checking. */
  exact: boolean;
}

/**
 * A term of at most `NAME_FRAGMENT_LENGTH` characters: the range of fragments that start with it.
 * A longer term: its first and last windows of that length and, between them, the one centred on
 * the term's middle space (which tells word order apart); any one of them is necessary, the search
 * takes the one with the fewest entries.
 * @internal
 */
export function fragmentLookup(term: string): FragmentLookup {
  const characters = Array.from(term);
  if (characters.length <= NAME_FRAGMENT_LENGTH) return { keys: [{ from: term, to: prefixUpperBound(term) }], exact: true };
  const window = (start: number) => characters.slice(start, start + NAME_FRAGMENT_LENGTH).join('');
  const last = characters.length - NAME_FRAGMENT_LENGTH;
  const starts = new Set([0, last]);
  const space = middleSpace(characters);
  if (space !== undefined) starts.add(Math.min(last, Math.max(0, space - Math.floor(NAME_FRAGMENT_LENGTH / 2))));
  return { keys: [...new Set([...starts].map(window))].map((equals) => ({ equals })), exact: false };
}

/**
 * The least string greater than every string that starts with `prefix`, in code point order
 * (SQLite's BINARY and PostgreSQL's "C" collation compare UTF-8 bytes, which is the same order):
 * the last code point plus one, skipping the surrogate range. Undefined when there is none.
 * @internal
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const characters = Array.from(prefix);
  while (characters.length > 0) {
    const code = characters.pop()!.codePointAt(0)!;
    if (code < 0x10ffff) return characters.join('') + String.fromCodePoint(code === 0xd7ff ? 0xe000 : code + 1);
  }
  return undefined;
}

/** Index of the space nearest the middle of the term, if any. */
function middleSpace(characters: string[]): number | undefined {
  let best: number | undefined;
  const middle = (characters.length - 1) / 2;
  characters.forEach((character, i) => {
    if (character === ' ' && (best === undefined || Math.abs(i - middle) < Math.abs(best - middle))) best = i;
  });
  return best;
}

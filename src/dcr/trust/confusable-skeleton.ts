/**
 * A client name reduced to what a reader of a consent screen sees, so that look-alike spellings
 * of a reserved name compare equal: in the spirit of the skeletons of Unicode TR #39 (§4), with a
 * small table of the confusables that matter for Latin names rather than the full data file.
 *
 * 1. compatibility forms folded (NFKC: full-width letters, ligatures, superscripts);
 * 2. invisible characters and combining marks removed (zero-width spaces and joiners, variation
 *    selectors, accents: "Clàude" reads as "Claude");
 * 3. words split at spaces, punctuation and camel case ("MyClaude" is "My Claude");
 * 4. letters that look like Latin ones mapped to them (Cyrillic, Greek, digits, "rn" for "m",
 *    capital I for l), then lower case.
 * @internal
 */
export function confusableSkeleton(name: string): string {
  const visible = name.replace(LUNATE_SIGMA, 'c').normalize('NFKC').normalize('NFD').replace(INVISIBLE_OR_MARK, '');
  const words = visible.replace(CAMEL_HUMP, '$1 $2').split(SEPARATOR).filter(Boolean);
  return words.map(foldWord).filter(Boolean).join(' ');
}

/**
 * Whether a name's skeleton contains a reserved name's skeleton starting at the beginning of one
 * of its words, ignoring the spaces between words: "Claude Desktop", "ClaudeBot", "C l a u d e"
 * and "My Claude" resemble "Claude"; "Precursor" does not resemble "Cursor".
 * @internal
 */
export function resemblesReservedName(nameSkeleton: string, reservedSkeleton: string): boolean {
  const target = reservedSkeleton.replace(/ /g, '');
  if (target === '') return false;
  const words = nameSkeleton.split(' ');
  const compact = words.join('');
  let at = 0;
  for (const word of words) {
    if (compact.startsWith(target, at)) return true;
    at += word.length;
  }
  return false;
}

// Format characters (zero-width space/joiners, bidi controls), marks (accents, variation
// selectors), and the default-ignorable fillers that are neither.
const INVISIBLE_OR_MARK = /[\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u034F]/gu;
// NFKC would turn the lunate sigma (which reads as C) into Σ (which does not).
const LUNATE_SIGMA = /[\u03F9\u03F2]/g;
const CAMEL_HUMP = /(\p{Ll})(\p{Lu})/gu;
const SEPARATOR = /[^\p{L}\p{N}]+/u;

/** Before lower-casing: shapes that depend on case (capital I, the digit one and a vertical bar read as l). */
const BEFORE_CASE: Record<string, string> = { I: 'l', '1': 'l', '|': 'l', '0': 'o', 'ı': 'l' };

/** After lower-casing: letters of other scripts (their capital forms folded too) that read as Latin. */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ь: 'b', ы: 'bl', п: 'n', г: 'r',
  // Greek
  α: 'a', β: 'b', ε: 'e', ζ: 'z', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  // Armenian and Latin extras
  օ: 'o', ս: 'u', ց: 'g', ɡ: 'g', ɑ: 'a', ʟ: 'l', ꞁ: 'l',
};

function foldWord(word: string): string {
  const cased = [...word].map((char) => BEFORE_CASE[char] ?? char).join('').toLowerCase();
  return [...cased].map((char) => LOOK_ALIKES[char] ?? char).join('').replace(/rn/g, 'm').replace(/vv/g, 'w');
}

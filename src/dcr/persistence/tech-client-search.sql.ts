import type { TechClientSearchFilter, TechClientSearchPage } from './tech-client-summary';

/** @internal */
export type SqlDialect = 'postgres' | 'sqlite';

/** @internal */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Never a digest: the admin API must not be able to leak what it did not read. @internal */
export const SUMMARY_COLUMNS = [
  'id', 'authorization_server', 'name', 'name_search', 'label', 'description', 'locked', 'lock_reason', 'locked_at',
  'created_at', 'updated_at', 'version', 'source', 'software_id', 'software_version', 'token_endpoint_auth_method',
  'metadata', 'secret_expires_at', 'previous_secret_valid_until', 'last_used_at', 'arrival', 'vouched_by',
].map((column) => `t.${column}`).join(', ') + ', (t.secret_digest IS NOT NULL) AS has_secret';

const SORT_COLUMN = { creationDate: 't.created_at', displayName: 't.name_search' } as const;

/**
 * Trigrams of one FTS5 query at most. Each one more is another posting list to intersect: with six,
 * a common multi-word term cost twice as much at a million clients, for candidates that are
 * checked with `instr()` anyway.
 */
const MAX_QUERY_TRIGRAMS = 3;

/** Name of the SQLite FTS5 trigram index over `name_search` (optional, see the migration). @internal */
export const SQLITE_NAME_INDEX = 'tech_client_name_fts';

/**
 * The admin search as one keyset-paged statement. Every value is a bound parameter; only
 * allow-listed column names are spliced in. `candidates` (SQLite) restricts the search to rows
 * whose rowids the trigram index returned; the name is still checked on every row.
 * @internal
 */
export function buildSearchStatement(
  dialect: SqlDialect, filter: TechClientSearchFilter, page: TechClientSearchPage, candidates?: readonly number[],
): SqlStatement {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(dialect === 'sqlite' && typeof value === 'boolean' ? Number(value) : value);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const where: string[] = [];
  let from = 'tech_client t';
  if (candidates !== undefined) {
    // CROSS JOIN makes SQLite start from the few candidates instead of walking the sort index.
    from = `json_each(${bind(JSON.stringify(candidates))}) AS candidate CROSS JOIN tech_client t ON t.rowid = candidate.value`;
  }
  if (filter.id !== undefined) where.push(`t.id = ${bind(filter.id)}`);
  if (filter.nameContains !== undefined) {
    where.push(dialect === 'postgres'
      ? postgresNameCondition(filter.nameContains, bind)
      : `instr(t.name_search, ${bind(filter.nameContains)}) > 0`);
  }
  if (filter.label !== undefined) where.push(`t.label = ${bind(filter.label)}`);
  if (filter.locked !== undefined) where.push(`t.locked = ${bind(filter.locked)}`);
  if (filter.softwareId !== undefined) where.push(`t.software_id = ${bind(filter.softwareId)}`);
  if (filter.authorizationServer !== undefined) where.push(`t.authorization_server = ${bind(filter.authorizationServer)}`);
  if (filter.createdFrom !== undefined) where.push(`t.created_at >= ${bind(filter.createdFrom)}`);
  if (filter.createdTo !== undefined) where.push(`t.created_at < ${bind(filter.createdTo)}`);

  const column = SORT_COLUMN[page.sort];
  const direction = page.descending ? 'DESC' : 'ASC';
  if (page.after) {
    // Row values: both databases turn this into one index range.
    where.push(`(${column}, t.id) ${page.descending ? '<' : '>'} (${bind(page.after[0])}, ${bind(page.after[1])})`);
  }
  const order = ` ORDER BY ${column} ${direction}, t.id ${direction}`;
  const filtered = `FROM ${from}` + (where.length ? ` WHERE ${where.join(' AND ')}` : '') + order + ` LIMIT ${bind(page.limit)}`;
  if (dialect === 'postgres' || filter.nameContains === undefined) return { sql: `SELECT ${SUMMARY_COLUMNS} ${filtered}`, params };
  // SQLite name search: it may look at many rows to fill a page, so it finds the page by keys
  // alone (the creation-order index carries name_search: non-matching rows are never read, and
  // trigram candidates are sorted without their other columns), then reads whole rows for the page.
  return { sql: `SELECT ${SUMMARY_COLUMNS} FROM tech_client t WHERE t.rowid IN (SELECT t.rowid ${filtered})${order}`, params };
}

/**
 * Where a term's words meet pg_trgm's padding is worth dropping: a single space between two words
 * of three characters or more (code points). A shorter word has no trigram but its padded ones.
 */
const LOOSE_WORD_BREAK = /(?<=[^ ]{3}) (?=[^ ]{3})/u;

/**
 * A folded substring on PostgreSQL, for its pg_trgm GIN index. Where two words of a term meet, the
 * index gets them in order (`%w1%w2%`) rather than joined by their space: pg_trgm pads a word that
 * a space touches, and those padded trigrams (a word's first letters, its last) have the longest
 * posting lists of all; at a million clients, intersecting them made a rare two-word term twice
 * as slow (p50 7.2 ms against 3.6). `strpos` keeps the match exact and literal. It is compared with `<> 0`,
 * not `> 0`: the planner rates an unknown `>` at a third of the rows and `<>` at nearly all, so
 * the row estimate stays the pattern's and the plan stays the one the exact term would get.
 */
function postgresNameCondition(term: string, bind: (value: unknown) => string): string {
  const parts = term.split(LOOSE_WORD_BREAK);
  if (parts.length === 1) return `t.name_search LIKE ${bind(`%${escapeLike(term)}%`)}`;
  return `t.name_search LIKE ${bind(`%${parts.map(escapeLike).join('%')}%`)} AND strpos(t.name_search, ${bind(term)}) <> 0`;
}

/**
 * The FTS5 query that finds candidate rows for a folded substring: an AND of its distinct
 * trigrams (at most `MAX_QUERY_TRIGRAMS`: the first, the last, and between them the one across a
 * space of a multi-word term, else the middle one), each a quoted string. The trigram across a
 * space tells word order apart: "ios payments" shares its first and last trigrams with every
 * "… Payments iOS", and walking a million of those for a page took 84 ms (p50).
 * Undefined when the term is shorter than three characters: trigrams cannot help then.
 * @internal
 */
export function ftsTrigramQuery(term: string): string | undefined {
  const characters = Array.from(term); // code points, as FTS5 counts them
  if (characters.length < 3) return undefined;
  const trigramAt = (start: number) => characters.slice(start, start + 3).join('');
  const all = [...new Set(characters.slice(0, -2).map((_, i) => trigramAt(i)))];
  const chosen = all.length <= MAX_QUERY_TRIGRAMS
    ? all
    : [...new Set([all[0], acrossSpace(characters, trigramAt) ?? all[Math.round((all.length - 1) / 2)], all[all.length - 1]])];
  return chosen.map((trigram) => `"${trigram.replace(/"/g, '""')}"`).join(' AND ');
}

/** The trigram centred on the space nearest the middle of the term that has a character on each side. */
function acrossSpace(characters: string[], trigramAt: (start: number) => string): string | undefined {
  let best: number | undefined;
  const middle = (characters.length - 1) / 2;
  for (let i = 1; i < characters.length - 1; i++) {
    if (characters[i] !== ' ' || characters[i - 1] === ' ' || characters[i + 1] === ' ') continue;
    if (best === undefined || Math.abs(i - middle) < Math.abs(best - middle)) best = i;
  }
  return best === undefined ? undefined : trigramAt(best - 1);
}

/** Escapes LIKE's wildcards and its escape character (PostgreSQL's default escape is `\`). @internal */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

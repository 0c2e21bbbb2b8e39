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

/** Name of the SQLite FTS5 trigram index over `name_search` (optional, see the migrations). @internal */
export const SQLITE_NAME_INDEX = 'tech_client_name_fts';
/** Its vocabulary: each trigram with the number of names that have it. @internal */
export const SQLITE_NAME_VOCABULARY = 'tech_client_name_vocab';

/**
 * How a name search reaches its rows (without a name term, the sort order is walked).
 * - `walk`: the sort order from the cursor on, each row's name checked; with `rows`, at most that
 *   many rows are looked at (their names read from the sort index), so the page may come back short.
 * - `candidates` (SQLite): only the rows whose rowids the trigram index returned.
 * - `grams` (PostgreSQL): the rows the gram index returns for this `tsquery`; with `created`,
 *   only those created within it (bounds included), intersected with the creation-order index.
 * The exact term is checked on every row whatever the access.
 * @internal
 */
export type NameAccess = { walk: { rows?: number } } | { candidates: readonly number[] } | { grams: string; created?: CreationWindow };

/** Creation times (epoch milliseconds), both included. @internal */
export interface CreationWindow {
  from: number;
  to: number;
}

/**
 * The admin search as one keyset-paged statement. Every value is a bound parameter; only
 * allow-listed column names are spliced in.
 * @internal
 */
export function buildSearchStatement(
  dialect: SqlDialect, filter: TechClientSearchFilter, page: TechClientSearchPage, access: NameAccess = { walk: {} },
): SqlStatement {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(dialect === 'sqlite' && typeof value === 'boolean' ? Number(value) : value);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const contains = (column: string, term: string) =>
    (dialect === 'postgres' ? `strpos(${column}, ${bind(term)}) <> 0` : `instr(${column}, ${bind(term)}) > 0`);
  const column = SORT_COLUMN[page.sort];
  const direction = page.descending ? 'DESC' : 'ASC';
  const order = ` ORDER BY ${column} ${direction}, t.id ${direction}`;
  const keyset = () => keysetCondition(page, bind);
  const created = () => createdConditions(filter, bind);
  const others = () => [
    ...(filter.id !== undefined ? [`t.id = ${bind(filter.id)}`] : []),
    ...(filter.label !== undefined ? [`t.label = ${bind(filter.label)}`] : []),
    ...(filter.locked !== undefined ? [`t.locked = ${bind(filter.locked)}`] : []),
    ...(filter.softwareId !== undefined ? [`t.software_id = ${bind(filter.softwareId)}`] : []),
    ...(filter.authorizationServer !== undefined ? [`t.authorization_server = ${bind(filter.authorizationServer)}`] : []),
  ];
  const whereOf = (conditions: string[]) => (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '');
  const term = filter.nameContains;

  if (term !== undefined && 'walk' in access && access.walk.rows !== undefined) {
    // The first rows of the sort order, keys and names only (both sort indexes carry
    // name_search), then the whole rows of those whose name matches, in the walked order: the
    // page ends at its last row, without looking up the matches after it. Placeholders are bound
    // in the order they appear: SQLite's are positional.
    const key = dialect === 'postgres' ? 'id' : 'rowid';
    const inner = [...keyset(), ...(page.sort === 'creationDate' ? created() : [])];
    const walked = `SELECT t.${key} AS walked_key, ${column} AS walked_sort, t.id AS walked_id, t.name_search AS walked_name `
      + `FROM tech_client t${whereOf(inner)}${order} LIMIT ${bind(access.walk.rows)}`;
    const outer = [contains('w.walked_name', term), ...(page.sort === 'creationDate' ? [] : created()), ...others()];
    // SQLite's CROSS JOIN keeps the walked rows outside: otherwise it may walk the table and
    // probe them, which reads every row.
    const join = dialect === 'postgres' ? 'JOIN' : 'CROSS JOIN';
    const walkedOrder = ` ORDER BY w.walked_sort ${direction}, w.walked_id ${direction}`;
    return {
      sql: `SELECT ${SUMMARY_COLUMNS} FROM (${walked}) w ${join} tech_client t ON t.${key} = w.walked_key${whereOf(outer)}${walkedOrder} LIMIT ${bind(page.limit)}`,
      params,
    };
  }

  let from = 'tech_client t';
  if ('candidates' in access) {
    // CROSS JOIN makes SQLite start from the few candidates instead of walking the sort index.
    from = `json_each(${bind(JSON.stringify(access.candidates))}) AS candidate CROSS JOIN tech_client t ON t.rowid = candidate.value`;
  }
  const where = others();
  if (term !== undefined) {
    if ('grams' in access) {
      where.push(`${POSTGRES_NAME_GRAMS}(t.name_search) @@ ${bind(access.grams)}::tsquery`);
      if (access.created) where.push(`t.created_at >= ${bind(access.created.from)}`, `t.created_at <= ${bind(access.created.to)}`);
    }
    where.push(contains('t.name_search', term));
  }
  where.push(...created(), ...keyset());
  const filtered = `FROM ${from}${whereOf(where)}${order} LIMIT ${bind(page.limit)}`;
  if (dialect === 'postgres' || term === undefined) return { sql: `SELECT ${SUMMARY_COLUMNS} ${filtered}`, params };
  // SQLite name search: it may look at many rows to fill a page, so it finds the page by keys
  // alone (the creation-order index carries name_search: non-matching rows are never read, and
  // trigram candidates are sorted without their other columns), then reads whole rows for the page.
  return { sql: `SELECT ${SUMMARY_COLUMNS} FROM tech_client t WHERE t.rowid IN (SELECT t.rowid ${filtered})${order}`, params };
}

/**
 * PostgreSQL: the creation times of the first `rows` rows of the creation order from the cursor
 * (the rows a walk of that many looks at): the earliest, the latest, and how many rows there were.
 * @internal
 */
export function buildCreationTimesStatement(filter: TechClientSearchFilter, page: TechClientSearchPage, rows: number): SqlStatement {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const direction = page.descending ? 'DESC' : 'ASC';
  const conditions = [...keysetCondition({ ...page, sort: 'creationDate' }, bind), ...createdConditions(filter, bind)];
  const first = `SELECT t.created_at FROM tech_client t${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`
    + ` ORDER BY t.created_at ${direction}, t.id ${direction} LIMIT ${bind(rows)}`;
  return { sql: `SELECT min(s.created_at) AS earliest, max(s.created_at) AS latest, count(*) AS rows FROM (${first}) s`, params };
}

/** Rows after the cursor, as row values: both databases turn this into one index range. */
function keysetCondition(page: TechClientSearchPage, bind: (value: unknown) => string): string[] {
  if (!page.after) return [];
  return [`(${SORT_COLUMN[page.sort]}, t.id) ${page.descending ? '<' : '>'} (${bind(page.after[0])}, ${bind(page.after[1])})`];
}

function createdConditions(filter: TechClientSearchFilter, bind: (value: unknown) => string): string[] {
  return [
    ...(filter.createdFrom !== undefined ? [`t.created_at >= ${bind(filter.createdFrom)}`] : []),
    ...(filter.createdTo !== undefined ? [`t.created_at < ${bind(filter.createdTo)}`] : []),
  ];
}

/** The PostgreSQL function whose result the gram index indexes (see the migration). @internal */
export const POSTGRES_NAME_GRAMS = 'tech_client_name_grams';

/**
 * Characters in a gram of the PostgreSQL name index: the length `tech_client_name_grams` cuts
 * (migration 1764231500000). A migration is never edited, so a new length needs a new migration.
 */
const NAME_GRAM_LENGTH = 8;

/** Windows of a long term in one gram query at most (each is another posting list to intersect). */
const MAX_QUERY_WINDOWS = 4;

/**
 * The `tsquery` that finds, in the gram index, every name containing a folded term:
 * - up to eight characters: a prefix query (`'ab':*`): every occurrence of the term starts a gram;
 * - longer: its eight-character windows, ANDed; each occurs whole as a gram of a matching name.
 *   At most four: those across a space, the nearest the middle first (they tell word order apart,
 *   and a word's own grams are the commonest); a term without one gives its first and last.
 * Lexemes are quoted (`'` doubled, `\` escaped), so no character of a term is an operator.
 * @internal
 */
export function gramQuery(term: string): string {
  if (isGramPrefix(term)) return `${lexeme(term)}:*`;
  const characters = Array.from(term); // code points, as PostgreSQL's substr counts them
  const windows = characters.slice(0, characters.length - NAME_GRAM_LENGTH + 1)
    .map((_, i) => characters.slice(i, i + NAME_GRAM_LENGTH).join(''));
  const middle = (windows.length - 1) / 2;
  const acrossSpace = windows
    .map((window, i) => ({ window, i }))
    .filter(({ window }) => /\S \S/u.test(window))
    .sort((a, b) => Math.abs(a.i - middle) - Math.abs(b.i - middle))
    .map(({ window }) => window);
  const chosen = acrossSpace.length ? acrossSpace.slice(0, MAX_QUERY_WINDOWS) : [...new Set([windows[0], windows[windows.length - 1]])];
  return chosen.map(lexeme).join(' & ');
}

/**
 * Whether the gram query of a folded term is one prefix (a term of up to eight characters): one
 * range of the gram index, whose estimate lets PostgreSQL intersect it with another index. A
 * longer term's AND of windows is estimated to match almost nothing, so it never is.
 * @internal
 */
export function isGramPrefix(term: string): boolean {
  return Array.from(term).length <= NAME_GRAM_LENGTH;
}

function lexeme(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The range of the FTS5 vocabulary holding every trigram that starts with a one- or
 * two-character term: from the term itself to the term followed by the last code point twice.
 * @internal
 */
export function trigramsStartingWith(term: string): [string, string] {
  return [term, `${term}\u{10FFFF}\u{10FFFF}`];
}

/** An FTS5 query for any of these trigrams, each a quoted string. @internal */
export function anyTrigramQuery(trigrams: readonly string[]): string {
  return trigrams.map(quoteFts).join(' OR ');
}

function quoteFts(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
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
  return chosen.map(quoteFts).join(' AND ');
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

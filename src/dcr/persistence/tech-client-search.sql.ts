import { FragmentKey, NAME_FRAGMENT_TABLE } from './name-fragments';
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
  'metadata', 'secret_expires_at', 'previous_secret_valid_until',
].map((column) => `t.${column}`).join(', ') + ', (t.secret_digest IS NOT NULL) AS has_secret';

const SORT_COLUMN = { creationDate: 't.created_at', displayName: 't.name_search' } as const;

/**
 * The admin search as one keyset-paged statement. Every value is a bound parameter; only
 * allow-listed column names are spliced in. `candidates` (client ids the name index found, see
 * `name-search.plan.ts`) restricts the search to those rows, read first whatever the database
 * estimates; the name is still checked on every row.
 * @internal
 */
export function buildSearchStatement(
  dialect: SqlDialect, filter: TechClientSearchFilter, page: TechClientSearchPage, candidates?: readonly string[],
): SqlStatement {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(dialect === 'sqlite' && typeof value === 'boolean' ? Number(value) : value);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  let prefix = '';
  let from = 'tech_client t';
  if (candidates !== undefined) {
    if (dialect === 'postgres') {
      // A materialized CTE is planned on its own: the candidates by primary key, then the rest.
      prefix = `WITH candidate AS MATERIALIZED (SELECT * FROM tech_client WHERE id = ANY(${bind(candidates)}::varchar[])) `;
      from = 'candidate t';
    } else {
      // CROSS JOIN makes SQLite start from the candidates instead of walking the sort index.
      from = `json_each(${bind(JSON.stringify(candidates))}) AS candidate CROSS JOIN tech_client t ON t.id = candidate.value`;
    }
  }
  const where: string[] = [];
  if (filter.id !== undefined) where.push(`t.id = ${bind(filter.id)}`);
  // `<> 0`, not `> 0`: PostgreSQL rates an unknown `<>` at nearly every row, so a walk of the sort
  // order stays its plan, as for any other filter it cannot estimate.
  if (filter.nameContains !== undefined) {
    where.push(dialect === 'postgres' ? `strpos(t.name_search, ${bind(filter.nameContains)}) <> 0` : `instr(t.name_search, ${bind(filter.nameContains)}) > 0`);
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
  if (dialect === 'postgres' || filter.nameContains === undefined || candidates !== undefined) {
    return { sql: `${prefix}SELECT ${SUMMARY_COLUMNS} ${filtered}`, params };
  }
  // SQLite walking the sort order for a name: it may look at many rows to fill a page, so it finds
  // the page by keys alone (the creation-order index carries name_search: non-matching rows are
  // never read), then reads whole rows for the page.
  return { sql: `SELECT ${SUMMARY_COLUMNS} FROM tech_client t WHERE t.rowid IN (SELECT t.rowid ${filtered})${order}`, params };
}

/**
 * A page of a name search straight from the name index, when the index alone answers it: a term
 * no longer than a fragment (every entry in its range is a match), newest or oldest first, and
 * no filter but the creation time. The index entries are sorted by creation and deduplicated
 * (a name may hold the term twice), and only the page's rows are read.
 * @internal
 */
export function buildFragmentPageStatement(
  dialect: SqlDialect, key: FragmentKey, filter: TechClientSearchFilter, page: TechClientSearchPage,
): SqlStatement {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const where = [fragmentCondition(key, bind)];
  if (filter.createdFrom !== undefined) where.push(`f.created_at >= ${bind(filter.createdFrom)}`);
  if (filter.createdTo !== undefined) where.push(`f.created_at < ${bind(filter.createdTo)}`);
  const direction = page.descending ? 'DESC' : 'ASC';
  if (page.after) where.push(`(f.created_at, f.client_id) ${page.descending ? '<' : '>'} (${bind(page.after[0])}, ${bind(page.after[1])})`);
  const keys = `SELECT DISTINCT f.created_at, f.client_id FROM ${NAME_FRAGMENT_TABLE} f WHERE ${where.join(' AND ')}`
    + ` ORDER BY f.created_at ${direction}, f.client_id ${direction} LIMIT ${bind(page.limit)}`;
  return {
    sql: `SELECT ${SUMMARY_COLUMNS} FROM (${keys}) k JOIN tech_client t ON t.id = k.client_id ORDER BY t.created_at ${direction}, t.id ${direction}`,
    params,
  };
}

/** Whether the index alone can answer a page (see `buildFragmentPageStatement`). @internal */
export function fragmentPageAnswers(filter: TechClientSearchFilter, page: TechClientSearchPage): boolean {
  const others = Object.entries(filter).filter(([name, value]) => value !== undefined && !['nameContains', 'createdFrom', 'createdTo'].includes(name));
  return page.sort === 'creationDate' && others.length === 0;
}

/**
 * How many index entries each key has, counted up to `cap` (so a common key costs `cap` entries,
 * not its millions): one statement, one column per key (`n0`, `n1`, …).
 * @internal
 */
export function buildFragmentCountStatement(dialect: SqlDialect, keys: readonly FragmentKey[], cap: number): SqlStatement {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const counts = keys.map((key, i) =>
    `(SELECT count(*) FROM (SELECT 1 FROM ${NAME_FRAGMENT_TABLE} f WHERE ${fragmentCondition(key, bind)} LIMIT ${bind(cap)}) s${i}) AS n${i}`);
  return { sql: `SELECT ${counts.join(', ')}`, params };
}

/** The client ids under one key (at most `cap`). @internal */
export function buildFragmentCandidatesStatement(dialect: SqlDialect, key: FragmentKey, cap: number): SqlStatement {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  return { sql: `SELECT DISTINCT f.client_id FROM ${NAME_FRAGMENT_TABLE} f WHERE ${fragmentCondition(key, bind)} LIMIT ${bind(cap)}`, params };
}

function fragmentCondition(key: FragmentKey, bind: (value: unknown) => string): string {
  if ('equals' in key) return `f.fragment = ${bind(key.equals)}`;
  return key.to === undefined ? `f.fragment >= ${bind(key.from)}` : `f.fragment >= ${bind(key.from)} AND f.fragment < ${bind(key.to)}`;
}

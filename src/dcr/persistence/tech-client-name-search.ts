import type { EntityManager } from 'typeorm';
import {
  anyTrigramQuery, buildSearchStatement, ftsTrigramQuery, gramQuery, NameAccess, SqlDialect, SQLITE_NAME_INDEX,
  SQLITE_NAME_VOCABULARY, trigramsStartingWith,
} from './tech-client-search.sql';
import type { TechClientSearchFilter, TechClientSearchPage } from './tech-client-summary';

/** @internal */
export type SearchRow = Record<string, unknown>;

/**
 * What bounds each path of the name search. At a million clients (see README "Admin API",
 * benchmark): walking 20,000 rows of a sort index costs 2–3 ms on either database, and fills a
 * page for any term in at least 0.25 % of the names; a rarer term has at most a few thousand
 * matches, which an index returns and sorts in as long.
 * @internal
 */
export interface NameSearchLimits {
  /** Rows of the sort order looked at before the index is asked. */
  walkRows: number;
  /** SQLite: candidate rows from the trigram index at most; with more, the sort order is walked. */
  candidates: number;
  /** SQLite: trigrams that start with a one- or two-character term at most, for one OR query. */
  startingTrigrams: number;
}

/** @internal */
export const NAME_SEARCH_LIMITS: Readonly<NameSearchLimits> = { walkRows: 20_000, candidates: 3_000, startingTrigrams: 500 };

/**
 * PostgreSQL may only reach the gram index's rows by a bitmap scan of it (and of other indexes
 * for the other filters): never a sequential scan, never a walk of a sort index that an estimate
 * prefers. Local to the search's transaction.
 */
const POSTGRES_INDEX_ONLY_PLAN = 'SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off';

/**
 * A name search page as a list of steps, each bounded by its shape rather than by a planner's
 * estimate: walk the first rows of the sort order; if that did not fill the page, the term is
 * rare there, and the name index gives every row that has it.
 * @internal
 */
export class TechClientNameSearch {
  readonly limits: NameSearchLimits = { ...NAME_SEARCH_LIMITS };
  /** Whether the optional SQLite trigram index exists; a schema fact, looked up once. */
  private sqliteIndex?: Promise<boolean>;

  constructor(private readonly manager: EntityManager, private readonly dialect: SqlDialect) {}

  page(filter: TechClientSearchFilter & { nameContains: string }, page: TechClientSearchPage): Promise<SearchRow[]> {
    return this.dialect === 'postgres' ? this.postgres(filter, page) : this.sqlite(filter, page);
  }

  private async postgres(filter: TechClientSearchFilter & { nameContains: string }, page: TechClientSearchPage): Promise<SearchRow[]> {
    const walked = await this.walkFirstRows(filter, page);
    if (walked.length === page.limit) return walked;
    return this.fromGramIndex(filter, page);
  }

  private async sqlite(filter: TechClientSearchFilter & { nameContains: string }, page: TechClientSearchPage): Promise<SearchRow[]> {
    const term = filter.nameContains;
    if (!(await this.hasSqliteIndex())) return this.run(filter, page, { walk: {} });
    const long = ftsTrigramQuery(term);
    if (long !== undefined) return this.fromCandidates(filter, page, await this.trigramCandidates(long));
    const walked = await this.walkFirstRows(filter, page);
    if (walked.length === page.limit) return walked;
    return this.fromCandidates(filter, page, await this.shortTermCandidates(term));
  }

  private walkFirstRows(filter: TechClientSearchFilter, page: TechClientSearchPage): Promise<SearchRow[]> {
    return this.run(filter, page, { walk: { rows: this.limits.walkRows } });
  }

  private fromGramIndex(filter: TechClientSearchFilter & { nameContains: string }, page: TechClientSearchPage): Promise<SearchRow[]> {
    const { sql, params } = buildSearchStatement('postgres', filter, page, { grams: gramQuery(filter.nameContains) });
    return this.manager.transaction(async (manager) => {
      await manager.query(POSTGRES_INDEX_ONLY_PLAN);
      return manager.query(sql, params);
    });
  }

  /** Candidates, when the index bounded them (an empty list: no name has the term); else a walk of the whole sort order. */
  private async fromCandidates(filter: TechClientSearchFilter, page: TechClientSearchPage, candidates: number[] | undefined): Promise<SearchRow[]> {
    if (candidates?.length === 0) return [];
    return this.run(filter, page, candidates ? { candidates } : { walk: {} });
  }

  private async trigramCandidates(match: string): Promise<number[] | undefined> {
    const rows: { r: number }[] = await this.manager.query(
      `SELECT rowid AS r FROM ${SQLITE_NAME_INDEX} WHERE ${SQLITE_NAME_INDEX} MATCH ? LIMIT ?`,
      [match, this.limits.candidates + 1],
    );
    return rows.length <= this.limits.candidates ? rows.map((row) => row.r) : undefined;
  }

  /**
   * Every occurrence of a one- or two-character term starts a trigram (names are indexed with
   * two padding characters after them), so the names that have a trigram starting with the term
   * are exactly its names. The vocabulary lists those trigrams with their name counts before any
   * name is read: none, the term matches nothing; a few, one OR query gives the candidates; too
   * many trigrams, or counts whose sum (a name may count more than once) is far above the
   * candidate limit, and the term is common: the sort order is walked.
   */
  private async shortTermCandidates(term: string): Promise<number[] | undefined> {
    const [from, to] = trigramsStartingWith(term);
    const starting: { term: string; doc: number }[] = await this.manager.query(
      `SELECT term, doc FROM ${SQLITE_NAME_VOCABULARY} WHERE term >= ? AND term <= ? LIMIT ?`,
      [from, to, this.limits.startingTrigrams + 1],
    );
    if (starting.length === 0) return [];
    const names = starting.reduce((sum, row) => sum + row.doc, 0);
    if (starting.length > this.limits.startingTrigrams || names > 4 * this.limits.candidates) return undefined;
    return this.trigramCandidates(anyTrigramQuery(starting.map((row) => row.term)));
  }

  private run(filter: TechClientSearchFilter, page: TechClientSearchPage, access: NameAccess): Promise<SearchRow[]> {
    const { sql, params } = buildSearchStatement(this.dialect, filter, page, access);
    return this.manager.query(sql, params);
  }

  private hasSqliteIndex(): Promise<boolean> {
    this.sqliteIndex ??= this.manager
      .query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [SQLITE_NAME_INDEX])
      .then((rows: unknown[]) => rows.length > 0)
      .catch((error) => {
        this.sqliteIndex = undefined;
        throw error;
      });
    return this.sqliteIndex;
  }
}

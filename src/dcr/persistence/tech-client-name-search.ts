import type { EntityManager } from 'typeorm';
import {
  anyTrigramQuery, buildCreationTimesStatement, buildSearchStatement, ftsTrigramQuery, gramQuery, isGramPrefix, NameAccess,
  SqlDialect, SQLITE_NAME_INDEX, SQLITE_NAME_VOCABULARY, trigramsStartingWith,
} from './tech-client-search.sql';
import type { TechClientSearchFilter, TechClientSearchPage } from './tech-client-summary';

/** @internal */
export type SearchRow = Record<string, unknown>;

/**
 * What bounds each path of the name search. Measured at a million clients (see README "Admin
 * API", benchmark): a walked row costs about 0.15 µs on SQLite and 0.35 µs on PostgreSQL (which
 * reads recent rows from the table to know they are visible); a match from PostgreSQL's gram
 * index about 2.4 µs (a row read from the table, then sorted); an SQLite trigram candidate about
 * 3 µs, and candidates include names that have the trigrams but not the term.
 * @internal
 */
export interface NameSearchLimits {
  /** PostgreSQL: rows of the sort order looked at first, to tell a common term from a rare one. */
  sampleRows: number;
  /** PostgreSQL: matches among the sampled rows from which the term is common: it walks on instead of using the index. */
  commonInSample: number;
  /**
   * PostgreSQL, the same where windows can serve the term (newest or oldest first, a term of
   * up to eight characters): windows cost less than a walk for longer.
   */
  commonInSampleWithWindows: number;
  /**
   * PostgreSQL, where windows can serve the term: matches among the sampled rows from which the
   * gram index is first asked for its matches within a window of the creation order only.
   */
  windowFromSample: number;
  /** PostgreSQL: pages of matches a window should hold, at the rate of matches seen so far. */
  windowPages: number;
  /** PostgreSQL: windows tried at most before the gram index is asked for every match. */
  windows: number;
  /** Rows of the sort order walked at most before the index gives every match. */
  walkRows: number;
  /** SQLite, three characters or more: candidates read before the walk; with more, the walk comes first. */
  candidates: number;
  /** SQLite: candidates read at most after the walk; with more, the sort order is walked to the end of the page. */
  moreCandidates: number;
  /** SQLite: trigrams that start with a one- or two-character term at most, for one OR query. */
  startingTrigrams: number;
}

/**
 * On PostgreSQL at a million clients, a term with 5 matches among the newest 2,000 rows (0.25 %)
 * fills its page within about 20,000 rows (6 ms). Rarer, every match costs: the gram index
 * returns it in about 0.8 µs, and reading and sorting it costs 2 µs more (2,500 matches: 7 ms).
 * A window of the creation order costs its rows of that index (0.04 µs each) and reads only its
 * own matches: from 3 sampled matches (0.15 %) to 10 (0.5 %, where a walk fills the page within
 * 10,000 rows, 3 ms), about 3–5 ms. On SQLite walking is cheaper and candidates dearer, so it
 * walks 20,000 rows whatever it finds.
 * @internal
 */
export const NAME_SEARCH_LIMITS: Readonly<NameSearchLimits> = {
  sampleRows: 2_000, commonInSample: 5, commonInSampleWithWindows: 10, windowFromSample: 3, windowPages: 2, windows: 1,
  walkRows: 20_000, candidates: 3_000, moreCandidates: 10_000, startingTrigrams: 500,
};

/**
 * The plans PostgreSQL may use, set for the search's transaction only, so that no estimate can
 * turn a bounded step into a scan of the table:
 * - the walk reads the sort index from the cursor and looks up each matching row by primary key
 *   (no sequential scan, hash or merge join, which would read the whole table to join the walked rows);
 * - the gram index steps reach rows only through a bitmap of the gram index (intersected with
 *   one of the creation-order index for a window, and of other indexes for the other filters),
 *   never through a walk of a sort index that an estimate prefers;
 * - no JIT compilation and no parallel workers: the costs these settings add (and the cost
 *   declared for the gram function) would bring them in, for 15–100 ms of compiling, or 15–20 ms
 *   of starting a worker, for a statement that runs in a few;
 * - memory enough for an exact bitmap of every row of a large table: a lossy one (the default
 *   4 MB holds about 300,000 matches exactly) makes PostgreSQL recompute the grams of every row of
 *   a lossy page, 300 ms for a term in 5 % of a million names.
 */
const POSTGRES_WALK_PLAN = 'SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0';
const POSTGRES_GRAM_INDEX_PLAN = `SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; SET LOCAL work_mem = '16MB'`;

/** Matches found among the rows of the sort order looked at. */
interface MatchRate {
  matches: number;
  rows: number;
}

/** The earliest and latest creation times among the first `rows` rows of the creation order. */
interface SampledTimes {
  earliest: number;
  latest: number;
  rows: number;
}

/**
 * A name search page as a list of steps, each bounded by its shape rather than by a planner's
 * estimate: walk the first rows of the sort order; if that did not fill the page, the term is
 * rare there, and the name index gives the rows that have it: on PostgreSQL first within a
 * window of the creation order sized by what the walk found, then every one (SQLite reads a few
 * trigram candidates even before the walk, see `sqlite`).
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

  private postgres(filter: TechClientSearchFilter & { nameContains: string }, page: TechClientSearchPage): Promise<SearchRow[]> {
    return this.manager.transaction(async (manager) => {
      await manager.query(POSTGRES_WALK_PLAN);
      const { sampleRows, walkRows } = this.limits;
      const windowable = page.sort === 'creationDate' && isGramPrefix(filter.nameContains);
      const sampled = await this.walkFirstRows(filter, page, sampleRows, manager);
      if (sampled.length === page.limit) return sampled;
      let rate: MatchRate = { matches: sampled.length, rows: sampleRows };
      if (sampled.length >= (windowable ? this.limits.commonInSampleWithWindows : this.limits.commonInSample)) {
        const walked = await this.walkFirstRows(filter, page, walkRows, manager);
        if (walked.length === page.limit) return walked;
        rate = { matches: walked.length, rows: walkRows };
      }
      await manager.query(POSTGRES_GRAM_INDEX_PLAN);
      const grams = gramQuery(filter.nameContains);
      if (windowable && sampled.length >= this.limits.windowFromSample) {
        const windowed = await this.creationWindows(filter, page, grams, rate, manager);
        if (windowed) return windowed;
      }
      return this.run(filter, page, { grams }, manager);
    });
  }

  /**
   * The gram index's matches within windows of the creation order after the cursor, each sized
   * to hold `windowPages` pages at the rate of matches seen so far, the creation times of the
   * sampled rows extrapolated. Rows outside a window come after every row in it, so a window
   * that holds a whole page holds the page; one that does not (the rate was lower further
   * back) gives a better rate for the next. A window reads only its own matches, where the gram
   * index alone has every match read and sorted. Undefined when no window held a page.
   */
  private async creationWindows(
    filter: TechClientSearchFilter, page: TechClientSearchPage, grams: string, rate: MatchRate, manager: EntityManager,
  ): Promise<SearchRow[] | undefined> {
    const span = await this.sampledTimes(filter, page, manager);
    if (!span) return undefined;
    for (let window = 0; window < this.limits.windows && rate.matches > 0; window++) {
      const rows = (this.limits.windowPages * page.limit * rate.rows) / rate.matches;
      const reach = Math.ceil(((span.latest - span.earliest) * rows) / span.rows);
      const created = page.descending ? { from: span.latest - reach, to: span.latest } : { from: span.earliest, to: span.earliest + reach };
      const found = await this.run(filter, page, { grams, created }, manager);
      if (found.length === page.limit) return found;
      rate = { matches: found.length, rows };
    }
    return undefined;
  }

  /** The creation times of the sampled rows; undefined when no row follows the cursor. */
  private async sampledTimes(filter: TechClientSearchFilter, page: TechClientSearchPage, manager: EntityManager): Promise<SampledTimes | undefined> {
    const { sql, params } = buildCreationTimesStatement(filter, page, this.limits.sampleRows);
    const [span]: { earliest: string | null; latest: string | null; rows: string }[] = await manager.query(sql, params);
    if (span.earliest === null || span.latest === null) return undefined;
    return { earliest: Number(span.earliest), latest: Number(span.latest), rows: Number(span.rows) };
  }

  /**
   * A term of three characters or more reads its trigram candidates first: a few are sorted at
   * once. One or two characters start with the walk instead: counting the trigrams that start
   * with a common letter would cost more than finding its page.
   */
  private async sqlite(filter: TechClientSearchFilter & { nameContains: string }, page: TechClientSearchPage): Promise<SearchRow[]> {
    const term = filter.nameContains;
    if (!(await this.hasSqliteIndex())) return this.run(filter, page, { walk: {} });
    const trigrams = ftsTrigramQuery(term);
    if (trigrams !== undefined) {
      const few = await this.trigramCandidates(trigrams, this.limits.candidates);
      if (few) return this.fromCandidates(filter, page, few);
    }
    const walked = await this.walkFirstRows(filter, page, this.limits.walkRows);
    if (walked.length === page.limit) return walked;
    const candidates = trigrams !== undefined
      ? await this.trigramCandidates(trigrams, this.limits.moreCandidates)
      : await this.shortTermCandidates(term);
    return this.fromCandidates(filter, page, candidates);
  }

  private walkFirstRows(filter: TechClientSearchFilter, page: TechClientSearchPage, rows: number, manager = this.manager): Promise<SearchRow[]> {
    return this.run(filter, page, { walk: { rows } }, manager);
  }

  /** Candidates, when the index bounded them (an empty list: no name has the term); else a walk of the whole sort order. */
  private async fromCandidates(filter: TechClientSearchFilter, page: TechClientSearchPage, candidates: number[] | undefined): Promise<SearchRow[]> {
    if (candidates?.length === 0) return [];
    return this.run(filter, page, candidates ? { candidates } : { walk: {} });
  }

  /** Rowids of the names that have every trigram of the query, or undefined when there are more than `limit`. */
  private async trigramCandidates(match: string, limit: number): Promise<number[] | undefined> {
    const rows: { r: number }[] = await this.manager.query(
      `SELECT rowid AS r FROM ${SQLITE_NAME_INDEX} WHERE ${SQLITE_NAME_INDEX} MATCH ? LIMIT ?`,
      [match, limit + 1],
    );
    return rows.length <= limit ? rows.map((row) => row.r) : undefined;
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
    if (starting.length > this.limits.startingTrigrams || names > 4 * this.limits.moreCandidates) return undefined;
    return this.trigramCandidates(anyTrigramQuery(starting.map((row) => row.term)), this.limits.moreCandidates);
  }

  private run(filter: TechClientSearchFilter, page: TechClientSearchPage, access: NameAccess, manager = this.manager): Promise<SearchRow[]> {
    const { sql, params } = buildSearchStatement(this.dialect, filter, page, access);
    return manager.query(sql, params);
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

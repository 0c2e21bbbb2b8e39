import type { FragmentKey, FragmentLookup } from './name-fragments';
import { fragmentPageAnswers } from './tech-client-search.sql';
import type { TechClientSearchFilter, TechClientSearchPage } from './tech-client-summary';

/**
 * Most index entries a name search reads for one key (to count them, then to sort or check them).
 * Past it the term is in at least 0.5 % of a million names, so walking the sort order meets a
 * match every 200 rows or sooner and fills a page of 50 within about 10,000 rows; below it, the
 * entries are few enough to sort. At a million clients both sides of the line cost a few ms.
 * @internal
 */
export const NAME_CANDIDATE_LIMIT = 5000;

/**
 * How one name search runs, chosen from exact counts of index entries (never from the database's
 * estimates):
 * - `empty`: a key has no entry, so no name holds the term;
 * - `index-page`: the page comes from the index range itself (`buildFragmentPageStatement`);
 * - `candidates`: the clients under the smallest key (at most `NAME_CANDIDATE_LIMIT`) are read
 *   and checked, then sorted;
 * - `walk`: every key is common, so the sort order is walked and each row's name checked.
 * @internal
 */
export type NameSearchPlan =
  | { kind: 'empty' }
  | { kind: 'index-page'; key: FragmentKey }
  | { kind: 'candidates'; key: FragmentKey }
  | { kind: 'walk' };

/** `counts[i]`: the entries under `lookup.keys[i]`, counted up to `limit + 1`. @internal */
export function chooseNameSearchPlan(
  lookup: FragmentLookup, counts: readonly number[], filter: TechClientSearchFilter, page: TechClientSearchPage,
  limit = NAME_CANDIDATE_LIMIT,
): NameSearchPlan {
  let smallest = 0;
  counts.forEach((count, i) => {
    if (count < counts[smallest]) smallest = i;
  });
  const count = counts[smallest];
  if (count === 0) return { kind: 'empty' };
  if (count > limit) return { kind: 'walk' };
  const key = lookup.keys[smallest];
  return lookup.exact && fragmentPageAnswers(filter, page) ? { kind: 'index-page', key } : { kind: 'candidates', key };
}

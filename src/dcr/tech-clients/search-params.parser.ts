import { InvalidRequestError } from '../errors/dcr.error';
import { quote } from './admin-input.rules';
import type { TechClientSearchQuery, TechClientSort } from './tech-client-search.query';

const SEARCH_PARAMETERS = [
  'id', 'name', 'label', 'locked', 'softwareId', 'authorizationServer', 'createdFrom', 'createdTo', 'sort', 'limit', 'cursor',
] as const;
const PAGE_PARAMETERS = ['limit', 'cursor'] as const;
const DIGITS = /^\d{1,12}$/;

/**
 * `GET /tech-clients` query parameters → a search. Unknown, repeated (`?name=a&name=b`) and
 * bracketed (`?name[]=a`) parameters are refused, so no typo silently widens a search; values
 * are then validated by `TechClientsService.search`.
 * @internal
 */
export function parseSearchParams(params: URLSearchParams): TechClientSearchQuery {
  const values = singleValues(params, SEARCH_PARAMETERS);
  const query: TechClientSearchQuery = {};
  for (const key of ['id', 'name', 'label', 'softwareId', 'authorizationServer', 'createdFrom', 'createdTo', 'cursor'] as const) {
    if (values[key] !== undefined) query[key] = values[key];
  }
  if (values.sort !== undefined) query.sort = values.sort as TechClientSort;
  if (values.locked !== undefined) {
    if (values.locked !== 'true' && values.locked !== 'false') throw new InvalidRequestError('locked: must be true or false');
    query.locked = values.locked === 'true';
  }
  if (values.limit !== undefined) query.limit = integer(values.limit, 'limit');
  return query;
}

/** `limit` and `cursor` of a paged listing such as the lock history. @internal */
export function parsePageParams(params: URLSearchParams): { limit?: number; cursor?: string } {
  const values = singleValues(params, PAGE_PARAMETERS);
  return {
    ...(values.limit !== undefined ? { limit: integer(values.limit, 'limit') } : {}),
    ...(values.cursor !== undefined ? { cursor: values.cursor } : {}),
  };
}

function singleValues<K extends string>(params: URLSearchParams, allowed: readonly K[]): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const key of new Set(params.keys())) {
    if (!(allowed as readonly string[]).includes(key)) {
      throw new InvalidRequestError(`unknown query parameter ${quote(key)} (allowed: ${allowed.join(', ')})`);
    }
    const all = params.getAll(key);
    if (all.length > 1) throw new InvalidRequestError(`${key}: must be given once`);
    values[key as K] = all[0];
  }
  return values;
}

function integer(value: string, field: string): number {
  // Digits only: "1e3", "0x10", "-1" and " 5" are not page sizes. Range checks come later.
  if (!DIGITS.test(value)) throw new InvalidRequestError(`${field}: must be a positive integer`);
  return Number(value);
}

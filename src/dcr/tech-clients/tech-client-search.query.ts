import { InvalidRequestError } from '../errors/dcr.error';
import { foldForSearch } from '../persistence/name-search';
import type { TechClientKeyset, TechClientSearchFilter, TechClientSearchPage, TechClientSortField } from '../persistence/tech-client-summary';
import { CLIENT_ID_MAX_LENGTH } from '../vocabulary/client-vocabulary';
import { requireClientId, requireInteger, requireText } from './admin-input.rules';
import type { SearchCursorCodec } from './search-cursor.codec';

/** Sort orders of the admin search; `-` means descending. @publicApi */
export const TECH_CLIENT_SORTS = ['-creationDate', 'creationDate', 'displayName', '-displayName'] as const;
/** @publicApi */
export type TechClientSort = (typeof TECH_CLIENT_SORTS)[number];

/** Page sizes of the admin API. @publicApi */
export const ADMIN_PAGE = { defaultLimit: 50, maxLimit: 200 } as const;

/**
 * A search of technical clients, as `TechClientsService.search` takes it (the HTTP API passes its
 * query parameters). Every filter is optional; all given ones must hold.
 * @publicApi
 */
export interface TechClientSearchQuery {
  /** Exact client id. */
  id?: string;
  /** Case-insensitive substring of the display name; `%` and `_` are plain characters. */
  name?: string;
  /** Exact label. */
  label?: string;
  locked?: boolean;
  /** Exact `software_id`. */
  softwareId?: string;
  /** Exact authorization server id. */
  authorizationServer?: string;
  /** Created at or after: a `Date`, epoch milliseconds, or an ISO 8601 date or date-time. */
  createdFrom?: Date | number | string;
  /** Created before (exclusive), same forms as `createdFrom`. */
  createdTo?: Date | number | string;
  /** @default "-creationDate" (newest first) */
  sort?: TechClientSort;
  /** Page size, 1 to 200. @default 50 */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** What a search cursor carries: the sort it belongs to and the last row's keyset. @internal */
interface SearchCursor {
  s: TechClientSort;
  k: [number | string, string];
}

/** A validated search, ready for the store. @internal */
export interface ResolvedSearch {
  filter: TechClientSearchFilter;
  page: TechClientSearchPage;
  sort: TechClientSort;
}

// YYYY-MM-DD, or a date-time with seconds optional and an explicit zone.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Validates a search and turns it into store terms: folds the name, decodes and checks the cursor
 * against the sort order. Throws `invalid_request` naming the parameter.
 * @internal
 */
export function resolveSearch(query: TechClientSearchQuery, cursors: SearchCursorCodec): ResolvedSearch {
  if (query === null || typeof query !== 'object') throw new InvalidRequestError('search: must be an object');
  const filter: TechClientSearchFilter = {};
  if (query.id !== undefined) filter.id = requireClientId(query.id);
  if (query.name !== undefined) filter.nameContains = foldForSearch(requireText(query.name, 'name', { max: 200 }));
  if (query.label !== undefined) filter.label = requireText(query.label, 'label', { max: 200 });
  if (query.locked !== undefined) {
    if (typeof query.locked !== 'boolean') throw new InvalidRequestError('locked: must be true or false');
    filter.locked = query.locked;
  }
  if (query.softwareId !== undefined) filter.softwareId = requireText(query.softwareId, 'softwareId', { max: 255 });
  if (query.authorizationServer !== undefined) {
    filter.authorizationServer = requireText(query.authorizationServer, 'authorizationServer', { max: 64 });
  }
  if (query.createdFrom !== undefined) filter.createdFrom = toEpochMs(query.createdFrom, 'createdFrom');
  if (query.createdTo !== undefined) filter.createdTo = toEpochMs(query.createdTo, 'createdTo');
  if (filter.createdFrom !== undefined && filter.createdTo !== undefined && filter.createdFrom >= filter.createdTo) {
    throw new InvalidRequestError('createdTo: must be later than createdFrom');
  }

  const sort = query.sort ?? '-creationDate';
  if (!(TECH_CLIENT_SORTS as readonly unknown[]).includes(sort)) {
    throw new InvalidRequestError(`sort: must be one of ${TECH_CLIENT_SORTS.join(', ')}`);
  }
  const limit = query.limit === undefined ? ADMIN_PAGE.defaultLimit : requireInteger(query.limit, 'limit', 1, ADMIN_PAGE.maxLimit);
  const field = sort.replace(/^-/, '') as TechClientSortField;
  const page: TechClientSearchPage = { sort: field, descending: sort.startsWith('-'), limit };
  if (query.cursor !== undefined) page.after = keysetOf(cursors.decode(query.cursor), sort);
  return { filter, page, sort };
}

/** The cursor that continues after `keyset` in `sort` order. @internal */
export function searchCursor(cursors: SearchCursorCodec, sort: TechClientSort, keyset: TechClientKeyset): string {
  return cursors.encode({ s: sort, k: [keyset[0], keyset[1]] } satisfies SearchCursor);
}

/** Even a correctly signed cursor is checked: it must fit the sort order it is used with. */
function keysetOf(payload: unknown, sort: TechClientSort): TechClientKeyset {
  const cursor = payload as Partial<SearchCursor> | null;
  const invalid = (why: string) => new InvalidRequestError(`cursor: ${why}`);
  if (cursor === null || typeof cursor !== 'object' || !Array.isArray(cursor.k) || cursor.k.length !== 2) throw invalid('malformed');
  if (cursor.s !== sort) throw invalid(`belongs to sort=${String(cursor.s)}; repeat the search with the same sort`);
  const [value, id] = cursor.k;
  if (typeof id !== 'string' || id.length === 0 || id.length > CLIENT_ID_MAX_LENGTH) throw invalid('malformed');
  if (sort.endsWith('creationDate') ? !isEpochMs(value) : typeof value !== 'string' || value.length > 1000) throw invalid('malformed');
  return [value, id];
}

function toEpochMs(value: unknown, field: string): number {
  let ms = NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && ISO_DATE.test(value)) ms = parseIsoDate(value);
  if (typeof value === 'string' && Number.isNaN(ms)) {
    throw new InvalidRequestError(`${field}: must be an ISO 8601 date (2026-01-31) or date-time with a zone (2026-01-31T12:00:00Z)`);
  }
  if (!isEpochMs(ms)) throw new InvalidRequestError(`${field}: must be a valid date between 1970 and 9999`);
  return ms;
}

/** `Date.parse`, minus its leniency: a date it rolls over (2026-02-31 → March 3) is NaN. */
function parseIsoDate(value: string): number {
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  const zone = /([+-])(\d{2}):(\d{2})$/.exec(value);
  const offsetMs = zone ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) * 60_000 : 0;
  if (Number.isNaN(ms)) return NaN;
  const local = new Date(ms + offsetMs);
  if (Number.isNaN(local.getTime())) return NaN;
  return local.toISOString().slice(0, 10) === value.slice(0, 10) ? ms : NaN;
}

function isEpochMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_EPOCH_MS;
}

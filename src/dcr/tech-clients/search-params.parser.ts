import type { ClassConstructor } from 'class-transformer';
import { InvalidRequestError } from '../errors/dcr.error';
import { quote } from './admin-input.rules';
import { readAdminDto } from './admin-dto.reader';
import { PageQueryDto, SearchTechClientsQueryDto } from './dto/admin-queries.dto';
import type { TechClientSearchQuery, TechClientSort } from './tech-client-search.query';
import type { ProblemWording } from '../validation/validation-problems';

/** A query parameter is not a member of an object: it is named as such. */
const QUERY: ProblemWording = { root: 'query', unknown: (_object, name, allowed) => `unknown query parameter ${quote(name)} (allowed: ${allowed.join(', ')})` };

/**
 * `GET /tech-clients` query parameters → a search. Unknown, bracketed (`?name[]=a`) and repeated
 * (`?name=a&name=b`) parameters are refused, so no typo silently widens a search; values are then validated by `TechClientsService.search`.
 * @internal
 */
export function parseSearchParams(params: URLSearchParams): TechClientSearchQuery {
  const values = readQuery(SearchTechClientsQueryDto, params);
  const query: TechClientSearchQuery = {};
  for (const key of ['id', 'name', 'label', 'softwareId', 'authorizationServer', 'createdFrom', 'createdTo', 'cursor'] as const) {
    if (values[key] !== undefined) query[key] = values[key];
  }
  if (values.sort !== undefined) query.sort = values.sort as TechClientSort;
  if (values.locked !== undefined) query.locked = values.locked === 'true';
  if (values.limit !== undefined) query.limit = Number(values.limit);
  return query;
}

/** `limit` and `cursor` of a paged listing such as the lock history. @internal */
export function parsePageParams(params: URLSearchParams): { limit?: number; cursor?: string } {
  const values = readQuery(PageQueryDto, params);
  return {
    ...(values.limit !== undefined ? { limit: Number(values.limit) } : {}),
    ...(values.cursor !== undefined ? { cursor: values.cursor } : {}),
  };
}

/**
 * Query parameters as `type`: unknown ones refused first, then a repeated one (which of two
 * values would be meant?), then the values' shapes.
 * @internal
 */
export function readQuery<T extends object>(type: ClassConstructor<T>, params: URLSearchParams): T {
  const values: Record<string, string> = {};
  // defineProperty: a parameter named `__proto__` is a member like any other (and refused).
  for (const key of new Set(params.keys())) Object.defineProperty(values, key, { value: params.get(key), enumerable: true, writable: true, configurable: true });
  const query = readAdminDto(type, values, QUERY);
  const repeated = Object.keys(values).find((key) => params.getAll(key).length > 1);
  if (repeated !== undefined) throw new InvalidRequestError(`${repeated}: must be given once`);
  return query;
}

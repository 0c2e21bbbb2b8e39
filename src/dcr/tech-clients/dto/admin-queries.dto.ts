import { IsIn, Matches } from '../../validation/class-validator';
import { ApiPropertyOptional } from '../../openapi/swagger.decorators';
import { MayBeAbsent } from './admin-validators';

/*
 * Query strings of the admin API as classes: which parameters exist (whitelist: any other is
 * refused, so no typo silently widens a search) and the shape of those read here. The values'
 * own rules (text bounds, dates, sort, cursor) are the search's, checked by
 * `TechClientsService.search` for every caller, HTTP or not.
 */

/** Digits only: "1e3", "0x10", "-1" and " 5" are not page sizes. Range checks come later. */
const DIGITS = /^\d{1,12}$/;

/** `limit` and `cursor` of a paged listing such as the lock history. @internal */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Page size' })
  @MayBeAbsent()
  @Matches(DIGITS, { message: 'must be a positive integer' })
  limit?: string;
  @ApiPropertyOptional({ description: 'meta.page.nextCursor of the previous page' })
  @MayBeAbsent()
  cursor?: string;
}

/** `GET /tech-clients` query parameters, as strings: the filters, then a page (`limit`, `cursor`). @internal */
export class SearchTechClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Exact client_id' })
  @MayBeAbsent()
  id?: string;
  @ApiPropertyOptional({ description: 'Display name contains (case-insensitive)' })
  @MayBeAbsent()
  name?: string;
  @ApiPropertyOptional({ description: 'Exact label' })
  @MayBeAbsent()
  label?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Locked or unlocked clients only' })
  @MayBeAbsent()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  locked?: string;
  @ApiPropertyOptional({ description: 'Exact software_id' })
  @MayBeAbsent()
  softwareId?: string;
  @ApiPropertyOptional({ description: 'Authorization server id' })
  @MayBeAbsent()
  authorizationServer?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' })
  @MayBeAbsent()
  createdFrom?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @MayBeAbsent()
  createdTo?: string;
  @ApiPropertyOptional({ enum: ['-creationDate', 'creationDate', 'displayName', '-displayName'], description: 'Sort order (default: newest first)' })
  @MayBeAbsent()
  sort?: string;
}

/** `GET /tech-clients/initial-access-tokens` query parameters. @internal */
export class InitialAccessTokenListQueryDto {
  @ApiPropertyOptional({})
  @MayBeAbsent()
  authorizationServer?: string;
  @ApiPropertyOptional({ type: 'integer', description: '1 to 200 (default 50)' })
  @MayBeAbsent()
  limit?: string;
  @ApiPropertyOptional({ description: 'meta.page.nextCursor of the previous page' })
  @MayBeAbsent()
  before?: string;
}

/** `GET /tech-clients/change-events` query parameters. @internal */
export class ChangeEventListQueryDto {
  @ApiPropertyOptional({ enum: ['dead', 'pending', 'delivered'], description: 'default dead' })
  @MayBeAbsent()
  status?: string;
  @ApiPropertyOptional({ type: 'integer', description: '1 to 200 (default 50)' })
  @MayBeAbsent()
  limit?: string;
  @ApiPropertyOptional({ description: 'meta.page.nextCursor of the previous page' })
  @MayBeAbsent()
  cursor?: string;
}

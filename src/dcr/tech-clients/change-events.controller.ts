import { Controller, Get, Header, HttpCode, Param, Post, Req, Type, UseFilters, UseGuards } from '@nestjs/common';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import { ChangeEventsService } from '../events/change-events.service';
import type { DcrHttpRequest } from '../http/http-request';
import { methodNotAllowedController } from '../http/method-not-allowed.controller';
import { DcrRawBody } from '../http/raw-body.decorator';
import { DcrObserved } from '../observability/observed-routes.decorator';
import { ApiOAuthErrors } from '../openapi/api-errors.decorator';
import { DCR_SECURITY_SCHEMES } from '../openapi/security-schemes';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '../openapi/swagger.decorators';
import { AdminAuthGuard } from './admin-auth.guard';
import { queryOf } from './admin-request.context';
import { changeEventDocument, changeEventListDocument } from './change-event.document';
import { ChangeEventListQueryDto } from './dto/admin-queries.dto';
import { ChangeEventDocumentDto, ChangeEventListDocumentDto } from './dto/change-event.dto';
import { readQuery } from './search-params.parser';

/** Path of the change outbox, below the admin API's path. @internal */
export const CHANGE_EVENTS_PATH = 'change-events';

/**
 * The change outbox in the admin API, behind `AdminAuthGuard`: dead-lettered events (or pending,
 * or delivered ones not yet pruned), and sending a dead one again.
 * @internal
 */
@UseFilters(DcrExceptionFilter)
@UseGuards(AdminAuthGuard)
@ApiSecurity(DCR_SECURITY_SCHEMES.adminToken)
export abstract class ChangeEventsController {
  constructor(protected readonly events: ChangeEventsService) {}

  @Get()
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'List change events of the outbox, oldest first (default: the dead-lettered ones)' })
  @ApiQuery({ type: ChangeEventListQueryDto })
  @ApiResponse({ status: 200, type: ChangeEventListDocumentDto })
  @ApiOAuthErrors(400, 401, 403, 500, 503)
  async list(@Req() request: DcrHttpRequest): Promise<ChangeEventListDocumentDto> {
    // Which parameters exist is the query class's; the values' rules are the service's, for every caller.
    const query = readQuery(ChangeEventListQueryDto, queryOf(request));
    const limit = query.limit === undefined ? undefined : /^\d{1,4}$/.test(query.limit) ? Number(query.limit) : NaN;
    const page = await this.events.list({ status: query.status, limit, cursor: query.cursor });
    return changeEventListDocument(page);
  }

  /** The event goes out again at once, its attempts counted from zero. */
  @Post(':eventId/retry')
  @DcrRawBody()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Send a dead-lettered change event again' })
  @ApiParam({ name: 'eventId' })
  @ApiResponse({ status: 200, type: ChangeEventDocumentDto })
  @ApiOAuthErrors(401, 403, 404, 500, 503)
  async retry(@Param('eventId') eventId: string): Promise<ChangeEventDocumentDto> {
    return changeEventDocument(await this.events.retry(eventId));
  }
}

/** The controller at `<adminPath>/change-events`; mounted before the client routes, so `:id` never shadows it. @internal */
export function changeEventsController(adminPath: string): Type<ChangeEventsController> {
  @Controller(`${adminPath}/${CHANGE_EVENTS_PATH}`)
  @ApiTags('Change events (admin)')
  @DcrObserved({ family: 'admin', resource: 'change_events' })
  class AdminChangeEventsController extends ChangeEventsController {}
  Object.defineProperty(AdminChangeEventsController, 'name', { value: `ChangeEventsController[${adminPath}]` });
  return AdminChangeEventsController;
}

/** 405 with `Allow` on the change-event paths, behind the admin guard. @internal */
export function changeEventsMethodsController(adminPath: string): Type {
  return methodNotAllowedController(`ChangeEventsMethods[${adminPath}]`, `${adminPath}/${CHANGE_EVENTS_PATH}`, {
    '': ['GET'],
    ':eventId/retry': ['POST'],
  }, UseGuards(AdminAuthGuard));
}

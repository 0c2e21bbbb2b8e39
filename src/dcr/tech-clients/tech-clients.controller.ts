import { Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Req, Res, Type, UseFilters, UseGuards } from '@nestjs/common';
import type { DcrHttpRequest } from '../http/http-request';
import { DcrRawBody } from '../http/raw-body.decorator';
import { methodNotAllowedController } from '../http/method-not-allowed.controller';
import { setResponseHeader } from '../http/response-writer';
import { DcrObserved } from '../observability/observed-routes.decorator';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import { parseLockBody, parseRotationBody, parseUpdateBody } from './admin-body.parser';
import { readAdminBody } from './admin-body.reader';
import { AdminAuthGuard } from './admin-auth.guard';
import { adminContext, queryOf, versionTag } from './admin-request.context';
import { ApiOAuthErrors } from '../openapi/api-errors.decorator';
import { DCR_SECURITY_SCHEMES } from '../openapi/security-schemes';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '../openapi/swagger.decorators';
import { LockHistoryDocumentDto, RotatedSecretDocumentDto, TechClientDocumentDto, TechClientListDocumentDto } from './dto/admin-documents.dto';
import { PageQueryDto, SearchTechClientsQueryDto } from './dto/admin-queries.dto';
import { LockTechClientDto, RotateSecretDto, UpdateTechClientDto } from './dto/admin-requests.dto';
import { parsePageParams, parseSearchParams } from './search-params.parser';
import { ClientTrust } from '../trust/client-trust';
import { clientDocument, listDocument, lockHistoryDocument, rotatedSecretDocument } from './tech-client.document';
import { TechClientsService } from './tech-clients.service';

/**
 * The technical-clients admin REST API (reference product's shape), behind `AdminAuthGuard`.
 * The path comes from the options, so `techClientsController()` makes the concrete class.
 * Every answer is `no-store`: it describes credentials' owners.
 * @internal
 */
@UseFilters(DcrExceptionFilter)
@UseGuards(AdminAuthGuard)
@ApiTags('Technical clients (admin)')
@ApiSecurity(DCR_SECURITY_SCHEMES.adminToken)
@ApiHeader({ name: 'X-Request-Id', required: false, description: 'Correlation id carried into the audit log (a new UUID when absent or not sane).' })
export abstract class TechClientsController {
  constructor(
    protected readonly techClients: TechClientsService,
    protected readonly trust: ClientTrust,
  ) {}

  /** Search: filters, sort, keyset paging. */
  @Get()
  @DcrRawBody()
  @ApiOperation({ summary: 'Search technical clients', description: 'Filters combine with AND; keyset paging by cursor. Unknown or repeated parameters are refused (400).' })
  @ApiQuery({ type: SearchTechClientsQueryDto })
  @ApiResponse({ status: 200, type: TechClientListDocumentDto })
  @ApiOAuthErrors(400, 401, 403, 500, 503)
  @Header('Cache-Control', 'no-store')
  async search(@Req() request: DcrHttpRequest): Promise<TechClientListDocumentDto> {
    return listDocument(await this.techClients.search(parseSearchParams(queryOf(request))), this.trust);
  }

  @Get(':id')
  @DcrRawBody()
  @ApiOperation({ summary: 'Read a technical client' })
  @ApiParam({ name: 'id', description: 'The client_id' })
  @ApiResponse({ status: 200, type: TechClientDocumentDto, headers: { ETag: { description: 'The client version, for If-Match', schema: { type: 'string', example: '"3"' } } } })
  @ApiOAuthErrors(400, 401, 403, 404, 500, 503)
  @Header('Cache-Control', 'no-store')
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: unknown): Promise<TechClientDocumentDto> {
    const client = await this.techClients.get(id);
    setResponseHeader(response, 'ETag', versionTag(client.version));
    return clientDocument(client, this.trust);
  }

  /** Name, label, description; `If-Match` makes it conditional. */
  @Patch(':id')
  @DcrRawBody()
  @ApiOperation({ summary: 'Change display name, label or description' })
  @ApiParam({ name: 'id', description: 'The client_id' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'A version of this API ("3"): the change applies only to that version, else 412.' })
  @ApiConsumes('application/json', 'application/vnd.api+json')
  @ApiBody({ type: UpdateTechClientDto })
  @ApiResponse({ status: 200, type: TechClientDocumentDto, headers: { ETag: { description: 'The client version, for If-Match', schema: { type: 'string', example: '"3"' } } } })
  @ApiOAuthErrors(400, 401, 403, 404, 409, 412, 413, 415, 500, 503)
  @Header('Cache-Control', 'no-store')
  async update(@Param('id') id: string, @Req() request: DcrHttpRequest, @Res({ passthrough: true }) response: unknown): Promise<TechClientDocumentDto> {
    const context = adminContext(request, true);
    const update = parseUpdateBody(await readAdminBody(request), id);
    const client = await this.techClients.update(id, update, context);
    setResponseHeader(response, 'ETag', versionTag(client.version));
    return clientDocument(client, this.trust);
  }

  @Delete(':id')
  @DcrRawBody()
  @ApiOperation({ summary: 'Delete a technical client' })
  @ApiParam({ name: 'id', description: 'The client_id' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'A version of this API ("3"): the change applies only to that version, else 412.' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiOAuthErrors(400, 401, 403, 404, 409, 412, 500, 503)
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<void> {
    await this.techClients.delete(id, adminContext(request, true));
  }

  @Post(':id/lock')
  @DcrRawBody()
  @ApiOperation({ summary: 'Lock a technical client', description: 'A locked client is refused at client authentication and on the RFC 7592 endpoints.' })
  @ApiParam({ name: 'id', description: 'The client_id' })
  @ApiConsumes('application/json', 'application/vnd.api+json')
  @ApiBody({ type: LockTechClientDto })
  @ApiResponse({ status: 200, type: TechClientDocumentDto })
  @ApiOAuthErrors(400, 401, 403, 404, 409, 413, 415, 500, 503)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async lock(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<TechClientDocumentDto> {
    const reason = parseLockBody(await readAdminBody(request));
    return clientDocument(await this.techClients.lock(id, reason, adminContext(request)), this.trust);
  }

  @Delete(':id/lock')
  @DcrRawBody()
  @ApiOperation({ summary: 'Unlock a technical client' })
  @ApiParam({ name: 'id', description: 'The client_id' })
  @ApiResponse({ status: 200, type: TechClientDocumentDto })
  @ApiOAuthErrors(400, 401, 403, 404, 409, 500, 503)
  @Header('Cache-Control', 'no-store')
  async unlock(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<TechClientDocumentDto> {
    return clientDocument(await this.techClients.unlock(id, adminContext(request)), this.trust);
  }

  @Get(':id/lock-history')
  @DcrRawBody()
  @ApiOperation({ summary: 'Lock history of a technical client, newest first' })
  @ApiParam({ name: 'id', description: 'The client_id' })
  @ApiQuery({ type: PageQueryDto })
  @ApiResponse({ status: 200, type: LockHistoryDocumentDto })
  @ApiOAuthErrors(400, 401, 403, 404, 500, 503)
  @Header('Cache-Control', 'no-store')
  async lockHistory(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<LockHistoryDocumentDto> {
    return lockHistoryDocument(await this.techClients.lockHistory(id, parsePageParams(queryOf(request))));
  }

  /** New secret, shown once in this answer. */
  @Post(':id/secret')
  @DcrRawBody()
  @ApiOperation({ summary: 'Rotate the client secret', description: 'The new secret is shown once, in this answer; the previous one keeps working for gracePeriodSeconds.' })
  @ApiParam({ name: 'id', description: 'The client_id' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'A version of this API ("3"): the change applies only to that version, else 412.' })
  @ApiConsumes('application/json', 'application/vnd.api+json')
  @ApiBody({ type: RotateSecretDto, required: false })
  @ApiResponse({ status: 200, type: RotatedSecretDocumentDto })
  @ApiOAuthErrors(400, 401, 403, 404, 409, 412, 413, 415, 500, 503)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async rotateSecret(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<RotatedSecretDocumentDto> {
    const context = adminContext(request, true);
    const options = parseRotationBody(await readAdminBody(request, true));
    return rotatedSecretDocument(await this.techClients.rotateSecret(id, options, context));
  }
}

/** The admin controller class served at `path`. @internal */
export function techClientsController(path: string): Type<TechClientsController> {
  @Controller(path)
  @DcrObserved({ family: 'admin', resource: 'tech_clients' })
  class AdminTechClientsController extends TechClientsController {}
  Object.defineProperty(AdminTechClientsController, 'name', { value: `TechClientsController[${path}]` });
  return AdminTechClientsController;
}

/**
 * 405 with `Allow` for the methods the admin paths at `path` do not serve, behind the same guard:
 * without admin credentials the answer is 401, as on every admin path.
 * @internal
 */
export function techClientsMethodsController(path: string): Type {
  return methodNotAllowedController(`TechClientsMethods[${path}]`, path, {
    '': ['GET'],
    ':id': ['GET', 'PATCH', 'DELETE'],
    ':id/lock': ['POST', 'DELETE'],
    ':id/lock-history': ['GET'],
    ':id/secret': ['POST'],
  }, UseGuards(AdminAuthGuard));
}

import { Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Req, Res, Type, UseFilters, UseGuards } from '@nestjs/common';
import type { DcrHttpRequest } from '../http/http-request';
import { DcrRawBody } from '../http/raw-body.decorator';
import { setResponseHeader } from '../http/response-writer';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import { parseLockBody, parseRotationBody, parseUpdateBody } from './admin-body.parser';
import { readAdminBody } from './admin-body.reader';
import { AdminAuthGuard } from './admin-auth.guard';
import { adminContext, queryOf, versionTag } from './admin-request.context';
import type {
  LockHistoryDocumentDto,
  RotatedSecretDocumentDto,
  TechClientDocumentDto,
  TechClientListDocumentDto,
} from './dto/admin-documents.dto';
import { parsePageParams, parseSearchParams } from './search-params.parser';
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
export abstract class TechClientsController {
  constructor(protected readonly techClients: TechClientsService) {}

  /** Search: filters, sort, keyset paging. */
  @Get()
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  async search(@Req() request: DcrHttpRequest): Promise<TechClientListDocumentDto> {
    return listDocument(await this.techClients.search(parseSearchParams(queryOf(request))));
  }

  @Get(':id')
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: unknown): Promise<TechClientDocumentDto> {
    const client = await this.techClients.get(id);
    setResponseHeader(response, 'ETag', versionTag(client.version));
    return clientDocument(client);
  }

  /** Name, label, description; `If-Match` makes it conditional. */
  @Patch(':id')
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  async update(@Param('id') id: string, @Req() request: DcrHttpRequest, @Res({ passthrough: true }) response: unknown): Promise<TechClientDocumentDto> {
    const context = adminContext(request, true);
    const update = parseUpdateBody(await readAdminBody(request), id);
    const client = await this.techClients.update(id, update, context);
    setResponseHeader(response, 'ETag', versionTag(client.version));
    return clientDocument(client);
  }

  @Delete(':id')
  @DcrRawBody()
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<void> {
    await this.techClients.delete(id, adminContext(request, true));
  }

  @Post(':id/lock')
  @DcrRawBody()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async lock(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<TechClientDocumentDto> {
    const reason = parseLockBody(await readAdminBody(request));
    return clientDocument(await this.techClients.lock(id, reason, adminContext(request)));
  }

  @Delete(':id/lock')
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  async unlock(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<TechClientDocumentDto> {
    return clientDocument(await this.techClients.unlock(id, adminContext(request)));
  }

  @Get(':id/lock-history')
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  async lockHistory(@Param('id') id: string, @Req() request: DcrHttpRequest): Promise<LockHistoryDocumentDto> {
    return lockHistoryDocument(await this.techClients.lockHistory(id, parsePageParams(queryOf(request))));
  }

  /** New secret, shown once in this answer. */
  @Post(':id/secret')
  @DcrRawBody()
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
  class AdminTechClientsController extends TechClientsController {}
  Object.defineProperty(AdminTechClientsController, 'name', { value: `TechClientsController[${path}]` });
  return AdminTechClientsController;
}

import { Controller, Delete, Get, Header, HttpCode, Param, Post, Req, Type, UseFilters, UseGuards } from '@nestjs/common';
import { DcrObserved } from '../observability/observed-routes.decorator';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import type { DcrHttpRequest } from '../http/http-request';
import { methodNotAllowedController } from '../http/method-not-allowed.controller';
import { DcrRawBody } from '../http/raw-body.decorator';
import { InitialAccessTokensService } from '../initial-access/initial-access-tokens.service';
import { ApiOAuthErrors } from '../openapi/api-errors.decorator';
import { DCR_SECURITY_SCHEMES } from '../openapi/security-schemes';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '../openapi/swagger.decorators';
import { readAdminBody } from './admin-body.reader';
import { AdminAuthGuard } from './admin-auth.guard';
import { adminContext, queryOf } from './admin-request.context';
import { InitialAccessTokenDocumentDto, InitialAccessTokenListDocumentDto, IssueInitialAccessTokenDto } from './dto/initial-access-token.dto';
import { InitialAccessTokenListQueryDto } from './dto/admin-queries.dto';
import { parseBeforeCursor, parseIssueBody } from './initial-access-token.body';
import { readQuery } from './search-params.parser';
import { initialAccessTokenDocument, initialAccessTokenListDocument } from './initial-access-token.document';

/** Path of the runtime initial access tokens, below the admin API's path. @internal */
export const INITIAL_ACCESS_TOKENS_PATH = 'initial-access-tokens';

/**
 * Initial access tokens issued and revoked at run time, in the admin API, behind `AdminAuthGuard`.
 * @internal
 */
@UseFilters(DcrExceptionFilter)
@UseGuards(AdminAuthGuard)
@ApiSecurity(DCR_SECURITY_SCHEMES.adminToken)
export abstract class InitialAccessTokensController {
  constructor(protected readonly tokens: InitialAccessTokensService) {}

  /** The token is in this answer only: it is stored as a keyed digest. */
  @Post()
  @DcrRawBody()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Issue an initial access token (shown once)' })
  @ApiConsumes('application/json', 'application/vnd.api+json')
  @ApiBody({ type: IssueInitialAccessTokenDto })
  @ApiResponse({ status: 201, type: InitialAccessTokenDocumentDto })
  @ApiOAuthErrors(400, 401, 403, 413, 415, 500, 503)
  async issue(@Req() request: DcrHttpRequest): Promise<InitialAccessTokenDocumentDto> {
    const issued = await this.tokens.issue(parseIssueBody(await readAdminBody(request, true)), adminContext(request));
    return initialAccessTokenDocument(issued.summary, issued.token);
  }

  @Get()
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'List runtime initial access tokens, newest first (never the tokens)' })
  @ApiQuery({ type: InitialAccessTokenListQueryDto })
  @ApiResponse({ status: 200, type: InitialAccessTokenListDocumentDto })
  @ApiOAuthErrors(400, 401, 403, 500, 503)
  async list(@Req() request: DcrHttpRequest): Promise<InitialAccessTokenListDocumentDto> {
    const query = readQuery(InitialAccessTokenListQueryDto, queryOf(request));
    const limit = query.limit === undefined ? 50 : /^\d{1,4}$/.test(query.limit) ? Number(query.limit) : NaN;
    const page = await this.tokens.list({ authorizationServer: query.authorizationServer, limit, before: parseBeforeCursor(query.before ?? null) });
    return initialAccessTokenListDocument(page, limit);
  }

  @Get(':tokenId')
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'One runtime initial access token (never the token)' })
  @ApiParam({ name: 'tokenId' })
  @ApiResponse({ status: 200, type: InitialAccessTokenDocumentDto })
  @ApiOAuthErrors(401, 403, 404, 500, 503)
  async get(@Param('tokenId') tokenId: string): Promise<InitialAccessTokenDocumentDto> {
    return initialAccessTokenDocument(await this.tokens.get(tokenId));
  }

  /** At once on every instance; the clients it registered stay. Revoking twice is not an error. */
  @Delete(':tokenId')
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Revoke a runtime initial access token' })
  @ApiParam({ name: 'tokenId' })
  @ApiResponse({ status: 200, type: InitialAccessTokenDocumentDto })
  @ApiOAuthErrors(401, 403, 404, 500, 503)
  async revoke(@Param('tokenId') tokenId: string, @Req() request: DcrHttpRequest): Promise<InitialAccessTokenDocumentDto> {
    return initialAccessTokenDocument(await this.tokens.revoke(tokenId, adminContext(request)));
  }
}

/** The controller at `<adminPath>/initial-access-tokens`; mounted before the client routes, so `:id` never shadows it. @internal */
export function initialAccessTokensController(adminPath: string): Type<InitialAccessTokensController> {
  @Controller(`${adminPath}/${INITIAL_ACCESS_TOKENS_PATH}`)
  @ApiTags('Initial access tokens (admin)')
  @DcrObserved({ family: 'admin', resource: 'initial_access_tokens' })
  class AdminInitialAccessTokensController extends InitialAccessTokensController {}
  Object.defineProperty(AdminInitialAccessTokensController, 'name', { value: `InitialAccessTokensController[${adminPath}]` });
  return AdminInitialAccessTokensController;
}

/** 405 with `Allow` on the token paths, behind the admin guard. @internal */
export function initialAccessTokensMethodsController(adminPath: string): Type {
  return methodNotAllowedController(`InitialAccessTokensMethods[${adminPath}]`, `${adminPath}/${INITIAL_ACCESS_TOKENS_PATH}`, {
    '': ['GET', 'POST'],
    ':tokenId': ['GET', 'DELETE'],
  }, UseGuards(AdminAuthGuard));
}

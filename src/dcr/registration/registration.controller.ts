import { Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Req, Type, UseFilters } from '@nestjs/common';
import type { DcrHttpRequest } from '../http/http-request';
import { DcrRawBody } from '../http/raw-body.decorator';
import { methodNotAllowedController } from '../http/method-not-allowed.controller';
import { DcrObserved } from '../observability/observed-routes.decorator';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import { ApiOAuthErrors } from '../openapi/api-errors.decorator';
import { DCR_SECURITY_SCHEMES } from '../openapi/security-schemes';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '../openapi/swagger.decorators';
import { ClientInformationDto } from './dto/client-information.dto';
import { ClientMetadataDto, ClientUpdateDto } from './dto/client-metadata.dto';
import { bearerToken, optionalBearerToken } from './bearer-token';
import type { ClientInformation } from './client-information';
import { ClientConfigurationService } from './client-configuration.service';
import { RateLimitedEndpoint, RateLimiter } from '../rate-limit/rate-limiter';
import { readRegistrationBody } from './registration-body';
import { RegistrationService } from './registration.service';
import { requestBaseUrl } from '../http/request-base-url';

/**
 * RFC 7591 registration endpoint and RFC 7592 client configuration endpoint of one authorization
 * server. One subclass per server is made by `registrationController()`, because each server has
 * its own path.
 * @internal
 */
@UseFilters(DcrExceptionFilter)
export abstract class RegistrationController {
  protected abstract readonly serverId: string;

  constructor(
    protected readonly registration: RegistrationService,
    protected readonly configuration: ClientConfigurationService,
    protected readonly limiter: RateLimiter,
  ) {}

  /** Rate limits come first: a flood is turned away before its body is read. */
  private limit(endpoint: RateLimitedEndpoint, request: DcrHttpRequest): Promise<void> {
    return this.limiter.consume(endpoint, this.registration.server(this.serverId), request);
  }

  /** RFC 7591 §3.1 → 201 with the §3.2.1 client information response. */
  @Post()
  @DcrRawBody()
  @ApiOperation({ summary: 'Register a client (RFC 7591 §3.1)', description: 'Sends client metadata; the server applies its policy and answers with the registered metadata, a client_id, a client_secret for confidential clients and a registration access token (RFC 7592).' })
  @ApiConsumes('application/json')
  @ApiBody({ type: ClientMetadataDto })
  @ApiResponse({ status: 201, description: 'RFC 7591 §3.2.1 client information response', type: ClientInformationDto })
  @ApiOAuthErrors(400, 401, 403, 413, 415, 429, 500, 503)
  // Anonymous registration, or with an RFC 7591 §3 initial access token when configured.
  @ApiSecurity({})
  @ApiSecurity(DCR_SECURITY_SCHEMES.initialAccessToken)
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async register(@Req() request: DcrHttpRequest): Promise<ClientInformation> {
    await this.limit('registration', request);
    const body = await readRegistrationBody(request);
    return this.registration.register(this.serverId, body, {
      baseUrl: requestBaseUrl(request),
      initialAccessToken: optionalBearerToken(request),
      clientAddress: this.limiter.addressOf(request),
    });
  }

  /** RFC 7592 §2.1. */
  @Get(':clientId')
  @DcrRawBody()
  @ApiOperation({ summary: 'Read a client registration (RFC 7592 §2.1)' })
  @ApiParam({ name: 'clientId', description: 'The client_id' })
  @ApiResponse({ status: 200, description: 'RFC 7592 §3 client information response (without secrets)', type: ClientInformationDto })
  @ApiOAuthErrors(400, 401, 403, 429, 500, 503)
  @ApiSecurity(DCR_SECURITY_SCHEMES.registrationAccessToken)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async read(@Req() request: DcrHttpRequest, @Param('clientId') clientId: string): Promise<ClientInformation> {
    await this.limit('management', request);
    return this.configuration.read(this.serverId, clientId, bearerToken(request), requestBaseUrl(request));
  }

  /** RFC 7592 §2.2. */
  @Put(':clientId')
  @DcrRawBody()
  @ApiOperation({ summary: 'Update a client registration (RFC 7592 §2.2)', description: 'Replaces the metadata with the body (fields left out are removed, not kept).' })
  @ApiParam({ name: 'clientId', description: 'The client_id' })
  @ApiConsumes('application/json')
  @ApiBody({ type: ClientUpdateDto })
  @ApiResponse({ status: 200, description: 'RFC 7592 §3 client information response', type: ClientInformationDto })
  @ApiOAuthErrors(400, 401, 403, 413, 415, 429, 500, 503)
  @ApiSecurity(DCR_SECURITY_SCHEMES.registrationAccessToken)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async update(@Req() request: DcrHttpRequest, @Param('clientId') clientId: string): Promise<ClientInformation> {
    await this.limit('management', request);
    const token = bearerToken(request);
    const body = await readRegistrationBody(request);
    return this.configuration.update(this.serverId, clientId, token, body, requestBaseUrl(request));
  }

  /** RFC 7592 §2.3 → 204. */
  @Delete(':clientId')
  @DcrRawBody()
  @ApiOperation({ summary: 'Delete a client registration (RFC 7592 §2.3)' })
  @ApiParam({ name: 'clientId', description: 'The client_id' })
  @ApiResponse({ status: 204, description: 'Deleted; the client_id, secret and registration access token stop working' })
  @ApiOAuthErrors(400, 401, 403, 429, 500, 503)
  @ApiSecurity(DCR_SECURITY_SCHEMES.registrationAccessToken)
  @HttpCode(204)
  async delete(@Req() request: DcrHttpRequest, @Param('clientId') clientId: string): Promise<void> {
    await this.limit('management', request);
    await this.configuration.delete(this.serverId, clientId, bearerToken(request));
  }
}

/** The controller class serving `serverId` at `path`. @internal */
export function registrationController(serverId: string, path: string): Type<RegistrationController> {
  // The OpenAPI decorators sit on the base class's methods, which this class inherits as they are.
  @Controller(path)
  @ApiTags(`Dynamic Client Registration (${serverId})`)
  @DcrObserved({ family: 'registration', server: serverId })
  class ServerRegistrationController extends RegistrationController {
    protected readonly serverId = serverId;
  }
  Object.defineProperty(ServerRegistrationController, 'name', { value: `RegistrationController[${serverId}]` });
  return ServerRegistrationController;
}

/** 405 with `Allow` for the methods the registration paths at `path` do not serve. @internal */
export function registrationMethodsController(serverId: string, path: string): Type {
  return methodNotAllowedController(`RegistrationMethods[${serverId}]`, path, { '': ['POST'], ':clientId': ['GET', 'PUT', 'DELETE'] });
}

import { Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Req, Type, UseFilters } from '@nestjs/common';
import type { DcrHttpRequest } from '../http/http-request';
import { DcrRawBody } from '../http/raw-body.decorator';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import { bearerToken, optionalBearerToken } from './bearer-token';
import type { ClientInformation } from './client-information';
import { ClientConfigurationService } from './client-configuration.service';
import { readJsonBody } from './json-body.reader';
import { RateLimitedEndpoint, RateLimiter } from '../rate-limit/rate-limiter';
import { RegistrationService } from './registration.service';
import { requestBaseUrl } from './request-base-url';

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
    // RateLimiter reads only what clientIp() reads (headers, socket), which both platforms have.
    return this.limiter.consume(endpoint, this.registration.server(this.serverId), request as Parameters<RateLimiter['consume']>[2]);
  }

  /** RFC 7591 §3.1 → 201 with the §3.2.1 client information response. */
  @Post()
  @DcrRawBody()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async register(@Req() request: DcrHttpRequest): Promise<ClientInformation> {
    await this.limit('registration', request);
    const body = await readJsonBody(request);
    return this.registration.register(this.serverId, body, {
      baseUrl: requestBaseUrl(request),
      initialAccessToken: optionalBearerToken(request),
    });
  }

  /** RFC 7592 §2.1. */
  @Get(':clientId')
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async read(@Req() request: DcrHttpRequest, @Param('clientId') clientId: string): Promise<ClientInformation> {
    await this.limit('management', request);
    return this.configuration.read(this.serverId, clientId, bearerToken(request), requestBaseUrl(request));
  }

  /** RFC 7592 §2.2. */
  @Put(':clientId')
  @DcrRawBody()
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async update(@Req() request: DcrHttpRequest, @Param('clientId') clientId: string): Promise<ClientInformation> {
    await this.limit('management', request);
    const token = bearerToken(request);
    const body = await readJsonBody(request);
    return this.configuration.update(this.serverId, clientId, token, body, requestBaseUrl(request));
  }

  /** RFC 7592 §2.3 → 204. */
  @Delete(':clientId')
  @DcrRawBody()
  @HttpCode(204)
  async delete(@Req() request: DcrHttpRequest, @Param('clientId') clientId: string): Promise<void> {
    await this.limit('management', request);
    await this.configuration.delete(this.serverId, clientId, bearerToken(request));
  }
}

/** The controller class serving `serverId` at `path`. @internal */
export function registrationController(serverId: string, path: string): Type<RegistrationController> {
  @Controller(path)
  class ServerRegistrationController extends RegistrationController {
    protected readonly serverId = serverId;
  }
  Object.defineProperty(ServerRegistrationController, 'name', { value: `RegistrationController[${serverId}]` });
  return ServerRegistrationController;
}

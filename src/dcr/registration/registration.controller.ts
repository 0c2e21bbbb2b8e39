import { Controller, Header, HttpCode, Post, Req, Type, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import type { ClientInformation } from './client-information';
import { readJsonBody } from './json-body.reader';
import { RegistrationService } from './registration.service';

/**
 * RFC 7591 endpoint of one authorization server. One subclass per server is made by
 * `registrationController()`, because each server has its own path.
 * @internal
 */
@UseFilters(DcrExceptionFilter)
export abstract class RegistrationController {
  protected abstract readonly serverId: string;

  constructor(protected readonly registration: RegistrationService) {}

  /** RFC 7591 §3.1 → 201 with the §3.2.1 client information response. */
  @Post()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async register(@Req() request: Request): Promise<ClientInformation> {
    const body = await readJsonBody(request);
    return this.registration.register(this.serverId, body);
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

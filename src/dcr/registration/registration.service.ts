import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import type { ClientInformation } from './client-information';
import { REGISTER, RegistrationFlow } from './registration.flow';

/** Where a registration request came from. @publicApi */
export interface RegistrationRequest {
  /** `scheme://host` the client used; base of `registration_client_uri` unless `issuer` is set. */
  baseUrl: string;
  /** Bearer token of the request, if any (RFC 7591 §3 initial access token). */
  initialAccessToken?: string;
  /** The client's address (after trusted proxies): the key of a tier's per-address limit. */
  clientAddress?: string;
}

/**
 * RFC 7591 registration without HTTP. What happens, step by step, is the `REGISTER` list of
 * `registration.flow.ts`: bound the metadata, verify the initial access token, merge the software
 * statement, run the processors, apply the token's profile, issue credentials, insert, publish.
 * @publicApi
 */
@Injectable()
export class RegistrationService {
  constructor(private readonly flow: RegistrationFlow) {}

  /** The server's resolved options; throws for an id the module was not configured with. */
  server(serverId: string): ResolvedServerOptions {
    return this.flow.server(serverId);
  }

  async register(serverId: string, body: unknown, request: RegistrationRequest): Promise<ClientInformation> {
    const { answer } = await this.flow.run(REGISTER, { serverId, body, ...request });
    return answer!;
  }
}

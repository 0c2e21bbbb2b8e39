import { Injectable } from '@nestjs/common';
import type { ClientInformation } from './client-information';
import { DELETE, READ, RegistrationFlow, UPDATE } from './registration.flow';

/**
 * RFC 7592 client configuration endpoint without HTTP: read, full-replacement update and delete,
 * each authorized by the client's registration access token. The steps of each are the `READ`,
 * `UPDATE` and `DELETE` lists of `registration.flow.ts`. Every failure to authorize (no token,
 * wrong token, another client's token, unknown or deleted client) is the same `invalid_token`, so
 * the endpoint is no oracle for which client ids exist. A client locked by an administrator may
 * read its configuration but not change or delete it (403 `access_denied`).
 * @publicApi
 */
@Injectable()
export class ClientConfigurationService {
  constructor(private readonly flow: RegistrationFlow) {}

  /** RFC 7592 §2.1. With `rotateRegistrationAccessToken` the answer carries a new token and the old one is dead. */
  async read(serverId: string, clientId: string, token: string, baseUrl: string): Promise<ClientInformation> {
    const { answer } = await this.flow.run(READ, { serverId, clientId, registrationAccessToken: token, baseUrl });
    return answer!;
  }

  /** RFC 7592 §2.2: full replacement; omitted fields are removed; every rule of a registration runs again. */
  async update(serverId: string, clientId: string, token: string, body: unknown, baseUrl: string): Promise<ClientInformation> {
    const { answer } = await this.flow.run(UPDATE, { serverId, clientId, registrationAccessToken: token, body, baseUrl });
    return answer!;
  }

  /** RFC 7592 §2.3: at once the client, its secret and its token stop working. */
  async delete(serverId: string, clientId: string, token: string): Promise<void> {
    await this.flow.run(DELETE, { serverId, clientId, registrationAccessToken: token, baseUrl: '' });
  }
}

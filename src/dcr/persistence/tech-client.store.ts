import type { TechClientEntity } from './tech-client.entity';

/** Thrown by `insert` when the id is taken: the caller retries with a new id. @publicApi */
export class ClientIdConflictError extends Error {
  constructor(readonly clientId: string) {
    super('client_id already taken');
    this.name = 'ClientIdConflictError';
  }
}

/**
 * Persistence port for technical clients. The default implementation uses the host's TypeORM
 * DataSource; a host may provide another (`{ provide: TechClientStore, useClass: … }`).
 * Errors: `ClientIdConflictError` on a taken id, `StorageUnavailableError` when the database
 * cannot be reached.
 * @publicApi
 */
export abstract class TechClientStore {
  /** Plain INSERT in a transaction: never overwrites an existing client. */
  abstract insert(client: TechClientEntity): Promise<void>;
  abstract findById(id: string): Promise<TechClientEntity | null>;
}

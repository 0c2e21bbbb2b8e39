import { Inject, Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUniqueViolation, toStorageError } from './storage-errors';
import { TechClientEntity } from './tech-client.entity';
import { ClientIdConflictError, TechClientStore } from './tech-client.store';

/** Repository of `TechClientEntity` on the DataSource the module was given. @internal */
export const TECH_CLIENT_REPOSITORY = 'DCR:TECH_CLIENT_REPOSITORY';

/** @publicApi */
@Injectable()
export class TypeOrmTechClientStore extends TechClientStore {
  constructor(@Inject(TECH_CLIENT_REPOSITORY) private readonly clients: Repository<TechClientEntity>) {
    super();
  }

  async insert(client: TechClientEntity): Promise<void> {
    try {
      await this.clients.manager.transaction((manager) => manager.insert(TechClientEntity, client as QueryDeepPartialEntity<TechClientEntity>));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ClientIdConflictError(client.id);
      throw toStorageError(error);
    }
  }

  async findById(id: string): Promise<TechClientEntity | null> {
    try {
      return await this.clients.findOneBy({ id });
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

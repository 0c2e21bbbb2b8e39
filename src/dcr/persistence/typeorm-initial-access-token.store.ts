import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { DCR_ENTITY_MANAGER } from '../dcr.constants';
import { InitialAccessTokenPage, InitialAccessTokenStore } from '../initial-access/initial-access-token.store';
import { InitialAccessTokenUseEntity } from './initial-access-token-use.entity';
import { InitialAccessTokenEntity } from './initial-access-token.entity';
import { toStorageError } from './storage-errors';

/** Runtime initial access tokens in `dcr_initial_access_token`. @publicApi */
@Injectable()
export class TypeOrmInitialAccessTokenStore extends InitialAccessTokenStore {
  constructor(@Inject(DCR_ENTITY_MANAGER) private readonly manager: EntityManager) {
    super();
  }

  insert(token: InitialAccessTokenEntity): Promise<void> {
    return this.guard(async () => {
      await this.manager.insert(InitialAccessTokenEntity, token);
    });
  }

  findByDigest(digest: string): Promise<InitialAccessTokenEntity | null> {
    return this.guard(() => this.manager.findOneBy(InitialAccessTokenEntity, { digest }));
  }

  findById(id: string): Promise<InitialAccessTokenEntity | null> {
    return this.guard(() => this.manager.findOneBy(InitialAccessTokenEntity, { id }));
  }

  list(serverId: string | undefined, limit: number, before?: { createdAt: number; id: string }): Promise<InitialAccessTokenPage> {
    return this.guard(async () => {
      const query = this.manager.createQueryBuilder(InitialAccessTokenEntity, 't').orderBy('t.created_at', 'DESC').addOrderBy('t.id', 'DESC').limit(limit + 1);
      if (serverId !== undefined) query.andWhere('t.authorization_server = :serverId', { serverId });
      if (before) query.andWhere('(t.created_at < :createdAt OR (t.created_at = :createdAt AND t.id < :id))', before);
      const rows = await query.getMany();
      const tokens = rows.slice(0, limit);
      const last = tokens[tokens.length - 1];
      return rows.length > limit ? { tokens, nextBefore: { createdAt: last.createdAt, id: last.id } } : { tokens };
    });
  }

  revoke(id: string, at: number): Promise<boolean> {
    return this.guard(async () => {
      const result = await this.manager
        .createQueryBuilder()
        .update(InitialAccessTokenEntity)
        .set({ revokedAt: at })
        .where('id = :id AND revoked_at IS NULL', { id })
        .execute();
      return (result.affected ?? 0) === 1;
    });
  }

  usesOf(ids: readonly string[]): Promise<Map<string, number>> {
    return this.guard(async () => {
      if (ids.length === 0) return new Map();
      const rows = await this.manager.findBy(InitialAccessTokenUseEntity, { tokenId: In([...ids]) });
      return new Map(rows.map((row) => [row.tokenId, row.uses]));
    });
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

import { CreateTechClient1764230400000 } from './migrations/1764230400000-create-tech-client';
import { AdminSearchAndLockHistory1764230600000 } from './migrations/1764230600000-admin-search-and-lock-history';
import { TechClientLockEventEntity } from './tech-client-lock-event.entity';
import { TechClientEntity } from './tech-client.entity';

/** Entities a host adds to its DataSource's `entities`. @publicApi */
export const DCR_ENTITIES = [TechClientEntity, TechClientLockEventEntity];
/** Migrations a host adds to its DataSource's `migrations` (in order). @publicApi */
export const DCR_MIGRATIONS = [CreateTechClient1764230400000, AdminSearchAndLockHistory1764230600000];

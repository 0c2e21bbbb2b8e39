import { InitialAccessTokenUseEntity } from './initial-access-token-use.entity';
import { CreateTechClient1764230400000 } from './migrations/1764230400000-create-tech-client';
import { CreateInitialAccessTokenUse1764230500000 } from './migrations/1764230500000-create-initial-access-token-use';
import { AddAbuseControls1764230800000 } from './migrations/1764230800000-add-abuse-controls';
import { TechClientEntity } from './tech-client.entity';
import { CreateAuthenticationFailure1764230700000 } from './migrations/1764230700000-create-authentication-failure';
import { AuthenticationFailureEntity } from './authentication-failure.entity';

/** Entities a host adds to its DataSource's `entities`. @publicApi */
export const DCR_ENTITIES = [TechClientEntity, InitialAccessTokenUseEntity, AuthenticationFailureEntity];
/** Migrations a host adds to its DataSource's `migrations` (in order). @publicApi */
export const DCR_MIGRATIONS = [CreateTechClient1764230400000, CreateInitialAccessTokenUse1764230500000, AddAbuseControls1764230800000, CreateAuthenticationFailure1764230700000];

import { AuthenticationFailureEntity } from './authentication-failure.entity';
import { ClientAssertionUseEntity } from './client-assertion-use.entity';
import { InitialAccessTokenUseEntity } from './initial-access-token-use.entity';
import { InitialAccessTokenEntity } from './initial-access-token.entity';
import { CreateTechClient1764230400000 } from './migrations/1764230400000-create-tech-client';
import { CreateInitialAccessTokenUse1764230500000 } from './migrations/1764230500000-create-initial-access-token-use';
import { AdminSearchAndLockHistory1764230600000 } from './migrations/1764230600000-admin-search-and-lock-history';
import { CreateAuthenticationFailure1764230700000 } from './migrations/1764230700000-create-authentication-failure';
import { AddAbuseControls1764230800000 } from './migrations/1764230800000-add-abuse-controls';
import { CreateInitialAccessToken1764231000000 } from './migrations/1764231000000-create-initial-access-token';
import { AddAuthMethodDefaulted1764231100000 } from './migrations/1764231100000-add-auth-method-defaulted';
import { CreateClientAssertionUse1764231200000 } from './migrations/1764231200000-create-client-assertion-use';
import { AddClientArrival1764231300000 } from './migrations/1764231300000-add-client-arrival';
import { CreateChangeOutbox1764231400000 } from './migrations/1764231400000-create-change-outbox';
import { NameSearchGrams1764231500000 } from './migrations/1764231500000-name-search-grams';
import { NameGramsCost1764231600000 } from './migrations/1764231600000-name-grams-cost';
import { TechClientLockEventEntity } from './tech-client-lock-event.entity';
import { TechClientEntity } from './tech-client.entity';

/** Entities a host adds to its DataSource's `entities`. @publicApi */
export const DCR_ENTITIES = [TechClientEntity, TechClientLockEventEntity, InitialAccessTokenUseEntity, AuthenticationFailureEntity, InitialAccessTokenEntity, ClientAssertionUseEntity];
/** Migrations a host adds to its DataSource's `migrations`, oldest first. @publicApi */
export const DCR_MIGRATIONS = [
  CreateTechClient1764230400000,
  CreateInitialAccessTokenUse1764230500000,
  AdminSearchAndLockHistory1764230600000,
  CreateAuthenticationFailure1764230700000,
  AddAbuseControls1764230800000,
  CreateInitialAccessToken1764231000000,
  AddAuthMethodDefaulted1764231100000,
  CreateClientAssertionUse1764231200000,
  AddClientArrival1764231300000,
  CreateChangeOutbox1764231400000,
  NameSearchGrams1764231500000,
  NameGramsCost1764231600000,
];

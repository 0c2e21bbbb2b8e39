import { AuthorizationCodeEntity } from './authorization-code.entity';
import { ConsentRequestEntity } from './consent-request.entity';
import { CreateExampleGrants1764300000000 } from './migrations/1764300000000-create-example-grants';
import { RefreshTokenEntity } from './refresh-token.entity';

/** The example host's own entities, added to its DataSource beside `DCR_ENTITIES`. */
export const EXAMPLE_ENTITIES = [ConsentRequestEntity, AuthorizationCodeEntity, RefreshTokenEntity];
/** Their migrations, added beside `DCR_MIGRATIONS`. */
export const EXAMPLE_MIGRATIONS = [CreateExampleGrants1764300000000];

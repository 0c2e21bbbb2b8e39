import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { ClientCounters } from './client-counters';
import { runScript, SqlScript } from './sql-script';
import type { TechClientEntity } from './tech-client.entity';

/** Attempts 1, 2, 4 … 30 s apart: about 10 minutes in all. */
const ATTEMPTS = 24;
const MAX_BACKOFF_MS = 30_000;
/** DELETEs that must find nothing, one backoff apart, before a client is known not to be stored. */
const CONFIRMATIONS = 2;

/**
 * True when a failed COMMIT may still have been applied: the error carries no SQLSTATE (a
 * client-side timeout, a lost connection), so the server may have received the COMMIT and may
 * still carry it out. A COMMIT refused with a SQLSTATE (a deferred constraint, a serialization
 * failure) was not applied.
 * @internal
 */
export function commitOutcomeUnknown(error: unknown): boolean {
  const { driverError, code } = (error ?? {}) as { driverError?: { code?: unknown }; code?: unknown };
  return typeof (driverError?.code ?? code) !== 'string';
}

/**
 * A registration whose COMMIT got no answer was answered 503 ("nothing was stored"). Make that
 * true: once the database answers again, remove the client if it was stored after all. Nobody
 * holds its secret or its registration access token, so removing it takes nothing from anyone.
 *
 * The COMMIT may still be on its way through a server that has stopped answering; when the
 * server comes back it is carried out or dropped within moments. So a DELETE that finds nothing
 * is asked again once more, a few seconds later, before the matter is closed. Runs in the
 * background, bounded in attempts. A process that ends before that leaves the row behind: no
 * client ever authenticates with it, so the reaper removes it where `reaping.unusedDays` is set.
 * @internal
 */
export async function removeIfStored(manager: EntityManager, client: TechClientEntity, logger: Logger): Promise<void> {
  let absent = 0;
  for (let attempt = 1; attempt <= ATTEMPTS && absent < CONFIRMATIONS; attempt++) {
    await sleep(Math.min(1000 * 2 ** (attempt - 1), MAX_BACKOFF_MS), undefined, { ref: false });
    if (!manager.connection.isInitialized) return;
    try {
      if (await manager.transaction((inside) => runScript(inside, removal(client)))) {
        logger.warn(`Client ${client.id}: its COMMIT got no answer in time and it was answered 503, but the server carried it out; removed it`);
        return;
      }
      absent++;
    } catch {
      absent = 0; // the database is still away: look again later
    }
  }
  if (absent < CONFIRMATIONS) logger.error(`Client ${client.id}: its COMMIT got no answer in time and it was answered 503; could not check whether it was stored`);
}

/** DELETE the client and count it out of its quotas; true when it was there. */
function* removal(client: TechClientEntity): SqlScript<boolean> {
  const deleted = yield { sql: 'DELETE FROM tech_client WHERE id = ? RETURNING id', params: [client.id] };
  if (deleted.length === 0) return false;
  yield* ClientCounters.removing(client);
  return true;
}

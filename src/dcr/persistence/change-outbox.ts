import { randomUUID } from 'node:crypto';
import type { TechClientEvent } from '../events/tech-client-event';
import type { SqlStep } from './sql-script';

/** An event with its id, ready to be written to the outbox. @internal */
export type StagedEvent = TechClientEvent & { id: string };

/**
 * The event with its id: made before the change is written, so that the same id is in the
 * outbox row, the audit line and every delivery.
 * @internal
 */
export function withEventId(event: TechClientEvent): StagedEvent {
  return { ...event, id: event.id ?? randomUUID() };
}

/**
 * The INSERT of an event into the outbox (`dcr_change_event`). A store runs it inside the
 * transaction of the change (on SQLite, in the registration's savepoint of the group commit), after
 * the statement that writes the client row: the event then exists exactly when the change is
 * committed, and the client's row lock orders the events of one client.
 * @internal
 */
export function stageChange(event: StagedEvent, now = Date.now()): SqlStep {
  return {
    sql: 'INSERT INTO dcr_change_event (id, client_id, change_type, payload, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
    params: [event.id, event.clientId, event.change, JSON.stringify(event), 'pending', now, now],
  };
}

/** The event as stored in a row's `payload` (dates come back as strings). @internal */
export function eventOfPayload(payload: string): StagedEvent {
  const event = JSON.parse(payload) as TechClientEvent & { id: string; at: string | Date };
  return { ...event, at: new Date(event.at) };
}

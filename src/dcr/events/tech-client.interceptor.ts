import type { TechClientEvent } from './tech-client-event';

/**
 * The reference product's "Technical Client Interceptors": told about every committed change of a
 * technical client (created, updated, deleted, locked, unlocked, secret rotated), from every path,
 * for example to inform a third-party system. Add implementations with the `interceptors` option
 * of `DcrModule.forRoot`. Called by the `ChangeDispatcher` from the change outbox after commit, at
 * least once and in order per client: a failure (a throw or a rejected promise) never undoes the
 * change, the event is delivered again later (backoff, then dead-lettered after `maxAttempts`), and
 * an event may also come again after a crash. Implementations must therefore be idempotent:
 * deduplicate by `event.id`.
 * @publicApi
 */
export abstract class TechClientInterceptor {
  abstract onChange(event: TechClientEvent): void | Promise<void>;
}

import type { TechClientEvent } from './tech-client-event';

/**
 * The reference product's "Technical Client Interceptors": told about every committed change of a
 * technical client (created, updated, deleted, locked, unlocked, secret rotated), from every path,
 * for example to inform a third-party system. Add implementations with the `interceptors` option
 * of `DcrModule.forRoot`. Called after commit; a failure is logged and never undoes the change.
 * @publicApi
 */
export abstract class TechClientInterceptor {
  abstract onChange(event: TechClientEvent): void | Promise<void>;
}

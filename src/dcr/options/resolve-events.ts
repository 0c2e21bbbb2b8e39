import type { TechClientChange } from '../events/tech-client-event';
import { EventsOptionsClass, OutboxOptionsClass, WebhookOptionsClass } from './events-options';
import type { OptionReader } from './option-reader';
import { member, readOptionClass, readOptionClasses } from './read-option-class';

/** `events.outbox` with defaults applied. @publicApi */
export interface ResolvedOutboxOptions {
  pollIntervalMs: number;
  retryDelayMs: number;
  batchSize: number;
  maxAttempts: number;
  retentionHours: number;
}

/** One webhook with defaults applied; `events` undefined means every change. @publicApi */
export interface ResolvedWebhook {
  url: string;
  secret: string;
  events?: TechClientChange[];
  timeoutMs: number;
}

/** `events` with defaults applied. @publicApi */
export interface ResolvedEventsOptions {
  outbox: ResolvedOutboxOptions;
  webhooks: ResolvedWebhook[];
}

/** The defaults (the classes' initial values), also used when resolved options were built by hand without `events`. @internal */
export const EVENTS_DEFAULTS: ResolvedEventsOptions = { outbox: { ...new OutboxOptionsClass() }, webhooks: [] };

/** `events`: the outbox's pace and limits, and the webhooks (see `WebhookOptionsClass`). @internal */
export function resolveEvents(read: OptionReader, value: unknown): ResolvedEventsOptions {
  const path = 'options.events';
  const [events = new EventsOptionsClass(), outbox = new OutboxOptionsClass()] = readOptionClasses(read, [
    [EventsOptionsClass, value, path],
    [OutboxOptionsClass, member(value, 'outbox'), `${path}.outbox`],
  ] as const);
  const webhooks = events.webhooks.flatMap((entry, index) => {
    const hook = readOptionClass(read, WebhookOptionsClass, entry ?? null, `${path}.webhooks[${index}]`);
    if (!hook) return [];
    const { url = '', secret = '', events: changes, timeoutMs } = hook;
    return [{ url, secret, ...(changes !== undefined && { events: changes }), timeoutMs }];
  });
  const { pollIntervalMs, retryDelayMs, batchSize, maxAttempts, retentionHours } = outbox;
  return { outbox: { pollIntervalMs, retryDelayMs, batchSize, maxAttempts, retentionHours }, webhooks };
}

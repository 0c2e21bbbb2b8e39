import type { TechClientChange } from '../events/tech-client-event';
import type { OptionReader } from './option-reader';

const CHANGES: readonly TechClientChange[] = ['created', 'updated', 'deleted', 'locked', 'unlocked', 'secret_rotated'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const MIN_SECRET_LENGTH = 32;

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

/** The defaults, also used when the resolved options were built by hand without `events`. @internal */
export const EVENTS_DEFAULTS: ResolvedEventsOptions = {
  outbox: { pollIntervalMs: 1000, retryDelayMs: 1000, batchSize: 50, maxAttempts: 10, retentionHours: 24 },
  webhooks: [],
};

/**
 * `events`: the outbox's pace and limits, and the webhooks. A webhook URL comes from the operator,
 * not from a client, but a plain-http one would send signed events (and expose their contents) in
 * clear text, so only https is accepted, except on loopback hosts. Problems never quote a secret.
 * @internal
 */
export function resolveEvents(read: OptionReader, value: unknown): ResolvedEventsOptions {
  const path = 'options.events';
  const options = read.object(value, path, ['outbox', 'webhooks']);
  const outbox = read.object(options?.outbox, `${path}.outbox`, ['pollIntervalMs', 'retryDelayMs', 'batchSize', 'maxAttempts', 'retentionHours']);
  const defaults = EVENTS_DEFAULTS.outbox;
  const webhooks: ResolvedWebhook[] = [];
  const list = options?.webhooks;
  if (list !== undefined && !Array.isArray(list)) read.problems.push(`${path}.webhooks: must be an array`);
  (Array.isArray(list) ? list : []).forEach((entry, index) => {
    const at = `${path}.webhooks[${index}]`;
    const hook = read.object(entry ?? null, at, ['url', 'secret', 'events', 'timeoutMs']);
    if (!hook) return;
    const url = read.string(hook, 'url', at);
    const secret = read.string(hook, 'secret', at);
    if (url === undefined) read.problems.push(`${at}.url: required`);
    else if (!isWebhookUrl(url)) read.problems.push(`${at}.url: must be an https URL without credentials (http only on loopback hosts)`);
    if (secret === undefined) read.problems.push(`${at}.secret: required`);
    else if (secret.length < MIN_SECRET_LENGTH) read.problems.push(`${at}.secret: must be at least ${MIN_SECRET_LENGTH} characters`);
    const events = hook.events;
    if (events !== undefined && (!Array.isArray(events) || events.length === 0 || events.some((change) => !CHANGES.includes(change)))) {
      read.problems.push(`${at}.events: must be a non-empty array of ${CHANGES.map((change) => `"${change}"`).join(', ')}`);
    }
    webhooks.push({
      url: url ?? '',
      secret: secret ?? '',
      ...(Array.isArray(events) && { events: events as TechClientChange[] }),
      timeoutMs: read.integer(hook, 'timeoutMs', at, 5000, 100, 60_000),
    });
  });
  return {
    outbox: {
      pollIntervalMs: read.integer(outbox, 'pollIntervalMs', `${path}.outbox`, defaults.pollIntervalMs, 10, 3_600_000),
      retryDelayMs: read.integer(outbox, 'retryDelayMs', `${path}.outbox`, defaults.retryDelayMs, 10, 3_600_000),
      batchSize: read.integer(outbox, 'batchSize', `${path}.outbox`, defaults.batchSize, 1, 1000),
      maxAttempts: read.integer(outbox, 'maxAttempts', `${path}.outbox`, defaults.maxAttempts, 1, 100),
      retentionHours: read.integer(outbox, 'retentionHours', `${path}.outbox`, defaults.retentionHours, 0, 24 * 365),
    },
    webhooks,
  };
}

function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

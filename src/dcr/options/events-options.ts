import { Allow } from '../validation/class-validator';
import type { TechClientChange } from '../events/tech-client-event';
import type { EventsOptions, OutboxOptions, WebhookOptions } from './dcr-module-options.interface';
import { IsOptionInteger, IsOptionList, IsOptionLongEnough, IsOptionString, IsOptionUrl, IsRequiredOption } from './option-rules';

/** Every kind of change an event can carry. @internal */
export const CHANGES: readonly TechClientChange[] = ['created', 'updated', 'deleted', 'locked', 'unlocked', 'secret_rotated'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `events`: its `webhooks` are read one by one as `WebhookOptionsClass`. @internal */
export class EventsOptionsClass implements EventsOptions {
  @Allow() outbox?: OutboxOptions;

  @IsOptionList({ name: 'isWebhookList', notList: 'must be an array', allowEmpty: true })
  webhooks: WebhookOptions[] = [];
}

/** `events.outbox`: the dispatcher's pace and limits, and their defaults. @internal */
export class OutboxOptionsClass implements Required<OutboxOptions> {
  @IsOptionInteger(10, 3_600_000)
  pollIntervalMs: number = 1000;

  @IsOptionInteger(10, 3_600_000)
  retryDelayMs: number = 1000;

  @IsOptionInteger(1, 1000)
  batchSize: number = 50;

  @IsOptionInteger(1, 100)
  maxAttempts: number = 10;

  @IsOptionInteger(0, 24 * 365)
  retentionHours: number = 24;
}

/**
 * One webhook. Its URL comes from the operator, not from a client, but a plain-http one would send
 * signed events (and expose their contents) in clear text, so only https is accepted, except on
 * loopback hosts. No message quotes the secret.
 * @internal
 */
export class WebhookOptionsClass implements WebhookOptions {
  @IsOptionUrl('must be an https URL without credentials (http only on loopback hosts)', isWebhookUrl)
  @IsOptionString()
  @IsRequiredOption('required')
  url!: string;

  @IsOptionLongEnough(32)
  @IsOptionString()
  @IsRequiredOption('required')
  secret!: string;

  @IsOptionList({
    name: 'isChangeList',
    notList: `must be a non-empty array of ${CHANGES.map((change) => `"${change}"`).join(', ')}`,
    items: (change) => CHANGES.includes(change as TechClientChange),
  })
  events?: TechClientChange[];

  @IsOptionInteger(100, 60_000)
  timeoutMs: number = 5000;
}

function isWebhookUrl(url: URL): boolean {
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

import type { ResolvedWebhook } from '../options/resolve-events';
import type { StagedEvent } from '../persistence/change-outbox';
import { signWebhook } from './webhook-signature';

/** The JSON body of a webhook delivery. @publicApi */
export interface WebhookPayload {
  /** The event id, also in `Webhook-Id`: the same on every retry, for deduplication. */
  id: string;
  /** `tech_client.<change>`. */
  type: string;
  /** ISO 8601 time of the change. */
  occurredAt: string;
  data: StagedEvent;
}

/** Longest part of a receiver's answer kept in the error (for `last_error`). */
const ANSWER_EXCERPT = 200;

/**
 * POSTs one event to one webhook with the Standard Webhooks headers. Only a 2xx answer counts as
 * delivered; a redirect is a failure (never followed: the operator configured this URL, not the
 * one it points to), as are a timeout and a network error. Throws an error whose message names
 * the URL's origin and the status, never the secret or the signature.
 * @internal
 */
export async function sendWebhook(webhook: ResolvedWebhook, event: StagedEvent, now = Date.now()): Promise<void> {
  const payload: WebhookPayload = { id: event.id, type: `tech_client.${event.change}`, occurredAt: new Date(event.at).toISOString(), data: event };
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(now / 1000);
  const origin = new URL(webhook.url).origin;
  let response: Response;
  try {
    response = await fetch(webhook.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(webhook.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(webhook.secret, event.id, timestamp, body),
      },
      body,
    });
  } catch (error) {
    const reason = (error as Error)?.name === 'TimeoutError' ? `no answer within ${webhook.timeoutMs} ms` : (error as Error)?.message;
    throw new Error(`webhook ${origin}: ${reason}`);
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status > 299) {
    throw new Error(`webhook ${origin}: HTTP ${response.status}${text ? ` ${text.slice(0, ANSWER_EXCERPT)}` : ''}`);
  }
}

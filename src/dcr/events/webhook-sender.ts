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

/** Bytes of a receiver's answer kept in the error (for `last_error`); no more of it is read. */
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
  if (response.status >= 200 && response.status <= 299) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const excerpt = await answerExcerpt(response);
  throw new Error(`webhook ${origin}: HTTP ${response.status}${excerpt ? ` ${excerpt}` : ''}`);
}

/** The start of a receiver's answer, reading no more of it than that: a receiver may answer with anything. */
async function answerExcerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ANSWER_EXCERPT) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // What arrived before the failure is still worth showing.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, ANSWER_EXCERPT)).replace(/\uFFFD+$/, '');
}

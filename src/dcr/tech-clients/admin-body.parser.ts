import { InvalidRequestError } from '../errors/dcr.error';
import { allowOnly, requireObject } from './admin-input.rules';
import type { TechClientUpdate } from './tech-clients.service';

const UPDATE_ATTRIBUTES = ['displayName', 'name', 'label', 'description'] as const;

/**
 * A PATCH body: the attributes to change, either bare (`{"label": "stage"}`) or as a JSON:API
 * document (`{"data": {"type": "tech-client", "attributes": {…}}}`). `name` is accepted for
 * `displayName`. Types and bounds are checked by `TechClientsService.update`.
 * @internal
 */
export function parseUpdateBody(body: Record<string, unknown>, pathId: string): TechClientUpdate {
  let attributes = body;
  if ('data' in body) {
    allowOnly(body, ['data'], 'body');
    const data = requireObject(body.data, 'data');
    allowOnly(data, ['type', 'id', 'attributes'], 'data');
    if (data.type !== undefined && data.type !== 'tech-client') throw new InvalidRequestError('data.type: must be "tech-client"');
    if (data.id !== undefined && data.id !== pathId) throw new InvalidRequestError('data.id: must be the id in the path');
    attributes = requireObject(data.attributes, 'data.attributes');
  }
  allowOnly(attributes, UPDATE_ATTRIBUTES, 'attributes');
  if (attributes.name !== undefined && attributes.displayName !== undefined) {
    throw new InvalidRequestError('name and displayName are the same attribute; give one');
  }
  const update: TechClientUpdate = {};
  // `null` must reach the validator (and be refused), not read as "absent".
  const displayName = attributes.displayName !== undefined ? attributes.displayName : attributes.name;
  if (displayName !== undefined) update.displayName = displayName as string;
  if (attributes.label !== undefined) update.label = attributes.label as string | null;
  if (attributes.description !== undefined) update.description = attributes.description as string | null;
  return update;
}

/** `{"reason": "…"}` of a lock request. @internal */
export function parseLockBody(body: Record<string, unknown>): string {
  allowOnly(body, ['reason'], 'body');
  if (body.reason === undefined) throw new InvalidRequestError('reason: required');
  return body.reason as string;
}

/** `{"gracePeriodSeconds": n}` (optional) of a secret rotation. @internal */
export function parseRotationBody(body: Record<string, unknown>): { gracePeriodSeconds?: number } {
  allowOnly(body, ['gracePeriodSeconds'], 'body');
  return body.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: body.gracePeriodSeconds as number };
}

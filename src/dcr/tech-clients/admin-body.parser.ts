import { InvalidRequestError } from '../errors/dcr.error';
import { readAdminDto } from './admin-dto.reader';
import { LockTechClientDto, RotateSecretDto, UpdateTechClientDocumentDto, UpdateTechClientDto } from './dto/admin-requests.dto';
import type { TechClientUpdate } from './tech-clients.service';

/**
 * A PATCH body: the attributes to change, either bare (`{"label": "stage"}`) or as a JSON:API
 * document (`{"data": {"type": "tech-client", "attributes": {…}}}`), validated as
 * `UpdateTechClientDto` / `UpdateTechClientDocumentDto`. `name` is accepted for `displayName`.
 * @internal
 */
export function parseUpdateBody(body: Record<string, unknown>, pathId: string): TechClientUpdate {
  let attributes: UpdateTechClientDto;
  if ('data' in body) {
    const { data } = readAdminDto(UpdateTechClientDocumentDto, body, { root: 'body' });
    // The path names the client; a document that names another is a mistake, not a move.
    if (data.id !== undefined && data.id !== pathId) throw new InvalidRequestError('data.id: must be the id in the path');
    attributes = data.attributes;
  } else {
    attributes = readAdminDto(UpdateTechClientDto, body, { root: 'attributes' });
  }
  if (attributes.name !== undefined && attributes.displayName !== undefined) {
    throw new InvalidRequestError('name and displayName are the same attribute; give one');
  }
  const update: TechClientUpdate = {};
  const displayName = attributes.displayName ?? attributes.name;
  if (displayName !== undefined) update.displayName = displayName;
  if (attributes.label !== undefined) update.label = attributes.label;
  if (attributes.description !== undefined) update.description = attributes.description;
  return update;
}

/** `{"reason": "…"}` of a lock request. @internal */
export function parseLockBody(body: Record<string, unknown>): string {
  return readAdminDto(LockTechClientDto, body, { root: 'body' }).reason;
}

/** `{"gracePeriodSeconds": n}` (optional) of a secret rotation. @internal */
export function parseRotationBody(body: Record<string, unknown>): { gracePeriodSeconds?: number } {
  const { gracePeriodSeconds } = readAdminDto(RotateSecretDto, body, { root: 'body' });
  return gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds };
}

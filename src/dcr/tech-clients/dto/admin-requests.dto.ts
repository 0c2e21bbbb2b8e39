/**
 * Body of `PATCH /tech-clients/:id`: the attributes to change, bare or inside a JSON:API
 * document (`{"data": {"type": "tech-client", "attributes": {…}}}`). Send `If-Match: "<version>"`
 * to change only the version you read.
 * @publicApi
 */
export class UpdateTechClientDto {
  /** 1 to 200 characters, no control characters. `name` is accepted as an alias. */
  displayName?: string;
  /** 1 to 200 characters; null removes it. */
  label?: string | null;
  /** Up to 1000 characters, line breaks allowed; null removes it. */
  description?: string | null;
}

/** Body of `POST /tech-clients/:id/lock`. @publicApi */
export class LockTechClientDto {
  /** Required: 1 to 500 characters, no control characters. @example "Client reported to be hacked." */
  reason: string;
}

/** Body of `POST /tech-clients/:id/secret` (optional). @publicApi */
export class RotateSecretDto {
  /** Seconds during which the previous secret still works, 0 to 2592000 (30 days). @default 0 */
  gracePeriodSeconds?: number;
}

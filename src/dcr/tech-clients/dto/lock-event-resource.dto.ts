/** One entry of a client's lock history. @publicApi */
export class LockEventAttributesDto {
  action: 'lock' | 'unlock';
  /** The lock reason; null for an unlock. */
  reason: string | null;
  /** Who did it: `{ "kind": "admin", "id": "…" }`. */
  actor: { kind: string; id?: string };
  /** ISO 8601. */
  date: string;
}

/** @publicApi */
export class LockEventResourceDto {
  type: 'tech-client-lock-event';
  /** Grows with every entry. */
  id: string;
  attributes: LockEventAttributesDto;
}

/** What happened to a technical client. @publicApi */
export type TechClientChange = 'created' | 'updated' | 'deleted' | 'locked' | 'unlocked' | 'secret_rotated';

/** Who made the change. @publicApi */
export interface TechClientActor {
  /** `client`: the client itself (RFC 7591/7592); `admin`: the admin API; `system`: a job. */
  kind: 'client' | 'admin' | 'system';
  /** Admin identity or job name, when known. Never a credential. */
  id?: string;
}

/**
 * A committed change, as given to every `TechClientInterceptor` and the audit log. Holds no
 * secret, token or digest.
 * @publicApi
 */
export interface TechClientEvent {
  /**
   * Unique id of the event (a UUID), the same on every delivery of it: delivery is at least once,
   * so a receiver that must act once dedupes by this id. Set by the module on every change.
   */
  id?: string;
  change: TechClientChange;
  clientId: string;
  authorizationServer: string;
  actor: TechClientActor;
  /** The path the change came through. */
  via: 'registration' | 'management' | 'admin' | 'job' | 'metadata_document';
  at: Date;
  /** Fields that changed, by name (no values: they could be personal data). */
  fields?: string[];
  /** Lock reason, or similar short context. */
  detail?: string;
  /** Id of the request that made the change (`X-Request-Id`, or generated), to correlate logs. */
  requestId?: string;
}

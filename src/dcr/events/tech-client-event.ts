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

/**
 * Loads an optional peer dependency (`prom-client`, `@opentelemetry/api`) when it is installed, and
 * `undefined` when it is not. Only this file names `require` for them, and only when called, so the
 * module starts without either peer.
 * @internal
 */
export function loadOptionalPeer<T>(name: 'prom-client' | '@opentelemetry/api', load: (id: string) => unknown = require): T | undefined {
  try {
    return load(name) as T;
  } catch (error) {
    // Missing is expected; a peer that is installed but broken must not pass unseen.
    if ((error as { code?: unknown })?.code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

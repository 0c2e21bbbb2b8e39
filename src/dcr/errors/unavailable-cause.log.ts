import { Logger } from '@nestjs/common';
import type { TemporarilyUnavailableError } from './dcr.error';

/** At most one line per cause class in this time. */
export const UNAVAILABLE_LOG_INTERVAL_MS = 30_000;
/** A driver message is cut here: the cause, not a dump of whatever the driver put in it. */
const MAX_MESSAGE_LENGTH = 200;

/**
 * Logs why a 503 was answered: the error's class, its cause's class (and the driver's class and
 * code under a TypeORM `QueryFailedError`) and the first line of the cause's message, never the
 * statement or its parameters. One line per cause class per `UNAVAILABLE_LOG_INTERVAL_MS`; the
 * next line says how many were left out meanwhile. An outage answering hundreds of 503 a second
 * thus writes one line every 30 s, with the reason an operator needs.
 * @internal
 */
export class UnavailableCauseLog {
  private readonly seen = new Map<string, { loggedAt: number; since: number }>();

  constructor(
    private readonly logger: Pick<Logger, 'error'> = new Logger('DcrModule'),
    private readonly now: () => number = Date.now,
  ) {}

  report(error: TemporarilyUnavailableError): void {
    const cause = describeCause(error.cause);
    const key = `${error.name}\0${cause.kind}`;
    const now = this.now();
    const last = this.seen.get(key);
    if (last && now - last.loggedAt < UNAVAILABLE_LOG_INTERVAL_MS) {
      last.since++;
      return;
    }
    this.seen.set(key, { loggedAt: now, since: 0 });
    const left = last?.since ? ` (${last.since} more since the last line)` : '';
    this.logger.error(`503 ${error.error} (${error.name}) caused by ${cause.text}${left}; next line for this cause in ${UNAVAILABLE_LOG_INTERVAL_MS / 1000} s at the earliest`);
  }
}

/** The class (and driver class and code) of a cause, and the first line of its message, capped. */
function describeCause(cause: unknown): { kind: string; text: string } {
  if (cause === undefined || cause === null) return { kind: 'none', text: 'no cause given' };
  if (typeof cause !== 'object') return { kind: typeof cause, text: `${typeof cause}: ${firstLine(String(cause))}` };
  const error = cause as { name?: unknown; constructor?: { name?: string }; message?: unknown; code?: unknown; driverError?: { name?: unknown; constructor?: { name?: string }; code?: unknown; message?: unknown } };
  let kind = className(error);
  const driver = error.driverError && typeof error.driverError === 'object' ? error.driverError : undefined;
  const code = driver?.code ?? error.code;
  let detail = driver ? className(driver) : '';
  if (typeof code === 'string' || typeof code === 'number') detail = detail ? `${detail} ${code}` : String(code);
  if (detail) kind = `${kind} [${detail}]`;
  // The driver's own message: QueryFailedError's repeats it after the driver's class name.
  const raw = typeof driver?.message === 'string' ? driver.message : error.message;
  const message = typeof raw === 'string' ? firstLine(raw) : '';
  return { kind, text: message ? `${kind}: ${message}` : kind };
}

function className(value: { name?: unknown; constructor?: { name?: string } }): string {
  const name = typeof value.name === 'string' && value.name ? value.name : value.constructor?.name;
  return firstLine(name || 'Object').slice(0, 60);
}

function firstLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.split(/\r?\n/, 1)[0].replace(/[\u0000-\u001f\u007f]/g, ' ');
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH)}…` : line;
}

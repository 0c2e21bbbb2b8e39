import { inspect } from 'node:util';

/** Values of a log line: scalars, lists and small records, written as JSON. @internal */
export type LogFields = Record<string, unknown>;

/**
 * A structured log entry that prints as one line of JSON. Nest's `ConsoleLogger` renders a plain
 * object over many lines (`util.inspect`); this one renders through `util.inspect.custom`, so the
 * default logger writes `{"event":"tech_client.created",…}` on the line of its context, while a
 * structured logger (nestjs-pino, `ConsoleLogger` with `json: true`) still receives the fields
 * themselves, as own enumerable properties. Fields left `undefined` are dropped.
 * @internal
 */
export class LogLine {
  constructor(fields: LogFields) {
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) (this as LogFields)[name] = value;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  toString(): string {
    return JSON.stringify(this);
  }
}

/** `new LogLine(fields)`: one line of JSON in any Nest logger. @internal */
export function logLine(fields: LogFields): LogLine {
  return new LogLine(fields);
}

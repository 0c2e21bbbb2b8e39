import type { LoggerService } from '@nestjs/common';
import { inspect } from 'node:util';

/** Keeps every log line (all levels, objects rendered in full) so a test can search them. */
export class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];

  log(...parts: unknown[]): void {
    this.record('log', parts);
  }
  error(...parts: unknown[]): void {
    this.record('error', parts);
  }
  warn(...parts: unknown[]): void {
    this.record('warn', parts);
  }
  debug(...parts: unknown[]): void {
    this.record('debug', parts);
  }
  verbose(...parts: unknown[]): void {
    this.record('verbose', parts);
  }

  /** Everything logged so far, as one string. */
  text(): string {
    return this.lines.join('\n');
  }

  private record(level: string, parts: unknown[]): void {
    this.lines.push(`${level} ${parts.map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 10 }))).join(' ')}`);
  }
}

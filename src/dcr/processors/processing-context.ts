import { DcrError, InvalidClientMetadataError } from '../errors/dcr.error';
import type { ResolvedServerOptions } from '../options/resolved-options';

/** What a processor did with one field. @publicApi */
export type FieldDecision = 'accepted' | 'defaulted' | 'filtered' | 'rejected';

/** One line of the decision report (never holds a secret: values are not recorded). @publicApi */
export interface DecisionRecord {
  processor: string;
  field: string;
  decision: FieldDecision;
  reason?: string;
}

/** Whether the registration is new (RFC 7591) or a full replacement (RFC 7592 PUT). @publicApi */
export type ProcessingOperation = 'register' | 'update';

type ErrorClass = new (description: string) => DcrError;

/**
 * State of one run of the registration pipeline: the bounded request, the metadata accepted so
 * far and the per-field decision report. Processors read `request`, write through `accept` /
 * `useDefault`, and drop or refuse values through `filter` / `reject`.
 * @publicApi
 */
export class ProcessingContext {
  /** Metadata that will be registered and echoed, by RFC 7591 field name. */
  readonly metadata: Record<string, unknown> = {};
  readonly decisions: DecisionRecord[] = [];
  private readonly handled = new Set<string>();
  private processor = 'pipeline';

  constructor(
    readonly server: ResolvedServerOptions,
    readonly request: Readonly<Record<string, unknown>>,
    readonly operation: ProcessingOperation,
  ) {}

  /** Called by the pipeline before each processor, so its decisions carry its name. @internal */
  enter(processorName: string): void {
    this.processor = processorName;
  }

  /** True when the request carries `field` (own property only: `__proto__` tricks see nothing). */
  has(field: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.request, field);
  }

  /** The request's value of `field`, or undefined. */
  get<T = unknown>(field: string): T | undefined {
    return this.has(field) ? (this.request[field] as T) : undefined;
  }

  /** Request fields named `base` or `base#<language tag>` (OIDC Registration §2.1). */
  localizedFields(base: string): string[] {
    return Object.keys(this.request).filter((key) => key === base || key.startsWith(`${base}#`));
  }

  accept(field: string, value: unknown, reason?: string): void {
    this.metadata[field] = value;
    this.record(field, 'accepted', reason);
  }

  useDefault(field: string, value: unknown, reason: string): void {
    this.metadata[field] = value;
    this.record(field, 'defaulted', reason);
  }

  /** Drops the field's value (or part of it): it is neither registered nor echoed. */
  filter(field: string, reason: string): void {
    delete this.metadata[field];
    this.record(field, 'filtered', reason);
  }

  /** Fails the registration with `<field>: <reason>`. */
  reject(field: string, reason: string, errorClass: ErrorClass = InvalidClientMetadataError): never {
    this.record(field, 'rejected', reason);
    throw new errorClass(`${field}: ${reason}`);
  }

  /** The reference product's rule: drop an invalid optional value, reject when strict or mandatory. */
  dropOrReject(field: string, reason: string, reject: boolean): void {
    if (reject) this.reject(field, reason);
    this.filter(field, reason);
  }

  /** Records request fields that no processor handled: the reference product ignores them. @internal */
  recordIgnored(): void {
    for (const field of Object.keys(this.request)) {
      if (!this.handled.has(field)) {
        this.decisions.push({ processor: 'pipeline', field, decision: 'filtered', reason: 'no processor handles this field' });
      }
    }
  }

  private record(field: string, decision: FieldDecision, reason?: string): void {
    this.handled.add(field);
    this.decisions.push(reason === undefined ? { processor: this.processor, field, decision } : { processor: this.processor, field, decision, reason });
  }
}

import type { ResolvedServerOptions } from '../options/resolved-options';
import type { ProcessingContext } from './processing-context';

/**
 * One step of the registration pipeline: reads the fields it owns from the request and writes
 * the accepted values into the context. Hosts extend this class for their own metadata and add
 * it with the `extraProcessors` option; built-in processors are replaced through their own
 * abstract class (`{ provide: ScopeFilter, useClass: MyScopeFilter }`).
 * @publicApi
 */
export abstract class MetadataProcessor {
  /** Shown in the decision report. */
  abstract readonly name: string;

  /** Whether this processor runs for `server`. Built-ins run only when their option key is present. */
  isEnabled(_server: ResolvedServerOptions): boolean {
    return true;
  }

  abstract process(context: ProcessingContext): void | Promise<void>;
}

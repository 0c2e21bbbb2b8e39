// Shared by the colocated unit specs (not a spec itself). Kept free of jest globals so that it
// also type-checks under the build configuration, which compiles everything but `*.spec.ts`.
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { resolveDcrOptions } from '../options/validate-options';
import type { MetadataProcessor } from '../processors/metadata-processor';
import { ProcessingContext } from '../processors/processing-context';

/** A digest key long enough for `resolveDcrOptions` (32 characters). @internal */
export const TEST_SECRET_KEY = 'x'.repeat(32);

/** The resolved `default` server for one-server options (`secretKey` is supplied). @internal */
export function serverWith(options: Omit<DcrModuleOptions, 'secretKey'> = {}): ResolvedServerOptions {
  const server = resolveDcrOptions({ secretKey: TEST_SECRET_KEY, ...options }).servers.get('default');
  if (!server) throw new Error('no default server was resolved');
  return server;
}

/**
 * A `register` context for `body`, entered as `processor`. `metadata` presets what earlier
 * processors would have accepted (for example the grants policy's `grant_types`).
 * @internal
 */
export function contextFor(
  processor: MetadataProcessor,
  server: ResolvedServerOptions,
  body: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): ProcessingContext {
  const context = new ProcessingContext(server, body, 'register');
  Object.assign(context.metadata, metadata);
  context.enter(processor.name);
  return context;
}

/** Runs one (synchronous) processor and returns its context. @internal */
export function run(
  processor: MetadataProcessor,
  server: ResolvedServerOptions,
  body: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): ProcessingContext {
  const context = contextFor(processor, server, body, metadata);
  void processor.process(context);
  return context;
}

/** The error `action` throws; throws itself when `action` does not throw. @internal */
export function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

import { Client } from 'pg';

/**
 * pg's client, except that a query timed out on the client side (`query_timeout`) closes the
 * connection. pg gives the caller its error at once but keeps the connection: the statement may
 * still run, a ROLLBACK queued behind it is dropped unsent, and the pool would lend the
 * connection, still inside the failed request's transaction, to the next request, whose COMMIT
 * would then carry the other's statements. Closed, the connection leaves the pool, and the server
 * ends whatever transaction it had open. Given to the pool as `extra.Client`.
 */
export class ClosingOnTimeoutClient extends Client {
  override query(...args: unknown[]): never {
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (error: unknown, result?: unknown) => void;
      args[callbackAt] = (error: unknown, result?: unknown) => {
        if (isReadTimeout(error)) this.close();
        callback(error, result);
      };
    }
    const outcome = (super.query as (...all: unknown[]) => unknown)(...args);
    if (outcome instanceof Promise) {
      return outcome.catch((error: unknown) => {
        if (isReadTimeout(error)) this.close();
        throw error;
      }) as never;
    }
    return outcome as never;
  }

  private close(): void {
    void this.end().catch(() => undefined);
  }
}

function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

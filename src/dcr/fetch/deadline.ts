import { FetchRefusedError } from './fetch-refused.error';

/**
 * One deadline for a whole exchange. `race` bounds a step that cannot be cancelled (a DNS
 * lookup); `onExpiry` registers what to tear down (the request) when time runs out.
 * @internal
 */
export class Deadline {
  private readonly timer: NodeJS.Timeout;
  private readonly listeners = new Set<(error: FetchRefusedError) => void>();
  private expiredError: FetchRefusedError | undefined;

  constructor(milliseconds: number) {
    this.timer = setTimeout(() => {
      this.expiredError = new FetchRefusedError('timeout');
      for (const listener of this.listeners) listener(this.expiredError);
      this.listeners.clear();
    }, milliseconds);
  }

  /** The timeout error once the deadline has passed, else undefined. */
  get expired(): FetchRefusedError | undefined {
    return this.expiredError;
  }

  /** Calls `listener` when the deadline passes (at once if it has); returns the unsubscribe. */
  onExpiry(listener: (error: FetchRefusedError) => void): () => void {
    if (this.expiredError) {
      listener(this.expiredError);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `promise`, or a timeout rejection if the deadline passes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const stop = this.onExpiry(reject);
      promise.then(
        (value) => { stop(); resolve(value); },
        (error: unknown) => { stop(); reject(error); },
      );
    });
  }

  /** Stops the timer; call when the exchange has settled. */
  clear(): void {
    clearTimeout(this.timer);
    this.listeners.clear();
  }
}

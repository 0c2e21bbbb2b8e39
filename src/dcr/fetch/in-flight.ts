/**
 * Concurrent calls for one key share one running task: the first starts it, the others get the
 * same promise, and the key is free again as soon as it settles (so a failure is never reused).
 * @internal
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  get size(): number {
    return this.running.size;
  }

  run(key: string, task: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) return existing;
    const promise = task().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}

/**
 * A bounded map of fetched documents with an expiry each: a hit moves an entry to the back, an
 * insert beyond `maxEntries` drops the least recently used one, an expired entry is dropped when
 * it is next looked up. Only what the caller put is here; errors never are.
 * @internal
 */
export class FetchCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The fresh value under `key`, and when it expires (ms), or undefined. */
  get(key: string): { value: T; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores `value` until `expiresAt` (ms); nothing when that has passed or the cache holds no entries. */
  put(key: string, value: T, expiresAt: number): void {
    this.entries.delete(key);
    if (expiresAt <= this.now() || this.maxEntries <= 0) return;
    this.entries.set(key, { value, expiresAt });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}

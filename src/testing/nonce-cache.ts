/**
 * Remembers signature nonces for a window, so a replayed request is refused. Expired entries are
 * pruned lazily (no timers), oldest first.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** False if the nonce was used inside the window; otherwise records it and returns true. */
  use(nonce: string, now: number): boolean {
    for (const [key, at] of this.seen) {
      if (now - at <= this.windowMs) break;
      this.seen.delete(key);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

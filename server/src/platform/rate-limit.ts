/**
 * A fixed-window counter per key, in memory. Good for one process serving one station: login and
 * pairing attempts, the public lead form. Old windows are swept so the map never grows unbounded.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one attempt; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, nowMs = Date.now()): number {
    this.sweep(nowMs);
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= nowMs) {
      this.hits.set(key, { count: 1, resetAt: nowMs + this.windowMs });
      return 0;
    }
    entry.count += 1;
    return entry.count > this.limit ? Math.ceil((entry.resetAt - nowMs) / 1000) : 0;
  }

  /** The seconds to wait if the key is already over the limit, without counting an attempt. */
  blocked(key: string, nowMs = Date.now()): number {
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= nowMs || entry.count < this.limit) return 0;
    return Math.ceil((entry.resetAt - nowMs) / 1000);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweep < this.windowMs) return;
    this.lastSweep = nowMs;
    for (const [key, entry] of this.hits) if (entry.resetAt <= nowMs) this.hits.delete(key);
  }
}

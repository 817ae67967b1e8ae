/**
 * Which labour-log ids the service has taken. Ids are handed out in order but committed in any order
 * (concurrent transactions), and some are never committed (a rollback, a skipped ON CONFLICT insert):
 * an id below the highest one taken that was not taken is a gap, asked for again on every read until
 * it shows up or is old enough that no transaction can still be holding it.
 */
export class LogCursor {
  private highest = 0;
  /** Gap id → when it was first missed (ms). */
  private readonly gaps = new Map<number, number>();

  constructor(
    private readonly maxGapAgeMs = 10 * 60_000,
    private readonly maxGaps = 10_000,
  ) {}

  /** Read rows with an id above this… */
  get after(): number {
    return this.highest;
  }

  /** …and these. */
  missing(now: number): number[] {
    for (const [id, since] of this.gaps) if (now - since > this.maxGapAgeMs) this.gaps.delete(id);
    return [...this.gaps.keys()];
  }

  /** Marks ids as taken (read back, or written by the service itself). */
  took(ids: Iterable<number>, now: number): void {
    const sorted = [...ids].sort((a, b) => a - b);
    for (const id of sorted) {
      if (id <= this.highest) {
        this.gaps.delete(id);
        continue;
      }
      // Ids start at 1: below the first one taken may sit a transaction still open (a new station's
      // empty log). A huge jump keeps only the nearest ids as gaps.
      for (let g = Math.max(this.highest + 1, id - this.maxGaps); g < id; g++) this.gaps.set(g, now);
      this.highest = id;
    }
    if (this.gaps.size > this.maxGaps) {
      const excess = this.gaps.size - this.maxGaps;
      const oldest = [...this.gaps.keys()].sort((a, b) => a - b).slice(0, excess);
      for (const id of oldest) this.gaps.delete(id);
    }
  }
}

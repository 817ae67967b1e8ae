/**
 * Per-reader debounce: the same UID on the same reader within the window is read once. A card held
 * at the edge of the field, or tapped twice in a hurry, gives one event. Another card, or the same
 * card on another reader, passes at once. (The server also ignores a repeat within 5 s.)
 */
export class CardDebouncer {
  private readonly last = new Map<string, { uid: string; atMs: number }>();

  constructor(private readonly windowMs: number) {}

  /** True when this read should become an event. */
  accept(readerId: string, uid: string, atMs: number): boolean {
    const previous = this.last.get(readerId);
    if (previous && previous.uid === uid && atMs - previous.atMs < this.windowMs && atMs >= previous.atMs)
      return false;
    this.last.set(readerId, { uid, atMs });
    return true;
  }
}

/**
 * Batches work from many callers into few flushes: while `concurrency` flushes (database
 * transactions) run, new items queue up and go together in the next. Each caller's promise settles
 * with its own item's result only after the flush that carried it has committed — which is what lets
 * the broker send PUBACK after the commit without a commit per event.
 */
export class GroupCommitter<T, R> {
  private queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  private inFlightItems = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 1000,
    private readonly concurrency = 2,
  ) {}

  submit(item: T): Promise<R> {
    if (this.closed) return Promise.reject(new Error('ingest is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.inFlight < this.concurrency) queueMicrotask(() => this.pump());
    });
  }

  /** Items queued or in a flush not committed yet. */
  pending(): number {
    return this.queue.length + this.inFlightItems;
  }

  /** Refuses new items and waits until everything queued has been flushed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      this.inFlightItems += batch.length;
      this.flush(batch.map((b) => b.item)).then(
        (results) => {
          this.flushed(batch.length);
          batch.forEach((b, i) => b.resolve(results[i]!));
        },
        (err: unknown) => {
          this.flushed(batch.length);
          batch.forEach((b) => b.reject(err));
        },
      );
    }
  }

  /** A flush ended: its items are no longer pending when their callers hear of it. */
  private flushed(items: number): void {
    this.inFlight -= 1;
    this.inFlightItems -= items;
    if (this.queue.length > 0) this.pump();
    else if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }
}

import type { PartsRequestDto } from '$contracts/warehouse.ts';
import { errorMessage } from '$lib/api/error-message.ts';
import { wh } from './api.ts';

/**
 * How often the queue asks the server by itself. A request made, issued or cancelled reloads it at once
 * (the `parts.request` delta on the desk room); this only catches what a dropped socket missed.
 */
export const QUEUE_POLL_MS = 30_000;

/**
 * The storekeeper's live queue of parts requests from the lifts: reloaded when the desk room says a
 * request changed (and every QUEUE_POLL_MS), and each request's wait ticks every second in between
 * (from the server's `waitSeconds` at fetch time).
 */
export class PartsQueue {
  items = $state.raw<PartsRequestDto[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Milliseconds since the last answer (drives the ticking wait). */
  now = $state(Date.now());
  private fetchedAt = Date.now();
  private poll: ReturnType<typeof setInterval> | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  private request = 0;

  start(): () => void {
    void this.load();
    this.poll = setInterval(() => void this.load(), QUEUE_POLL_MS);
    this.tick = setInterval(() => (this.now = Date.now()), 1_000);
    return () => this.stop();
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.tick) clearInterval(this.tick);
    this.poll = this.tick = null;
  }

  async load(): Promise<void> {
    const mine = ++this.request;
    try {
      const items = await wh.requests.queue('open');
      if (mine !== this.request) return;
      this.items = items;
      this.fetchedAt = Date.now();
      this.now = this.fetchedAt;
      this.error = null;
      this.loaded = true;
    } catch (err) {
      if (mine === this.request) this.error = errorMessage(err);
    }
  }

  /** Seconds this request has waited, as of now. */
  waited(request: PartsRequestDto): number {
    return request.waitSeconds + Math.max(0, Math.floor((this.now - this.fetchedAt) / 1000));
  }

  /** Issued (or cancelled) here: drop it at once; the next poll confirms. */
  remove(requestId: string): void {
    this.items = this.items.filter((r) => r.id !== requestId);
  }
}

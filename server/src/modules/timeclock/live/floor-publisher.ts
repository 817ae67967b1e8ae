import type { FloorStateDto } from '../../../contracts/labour.ts';
import type { DeltaEvent, RoomName } from '../../../contracts/realtime.ts';
import type { Logger } from '../../../platform/logger.ts';
import { presentLiftFloor } from './floor-presenter.ts';

export interface FloorSink {
  publish(room: RoomName, event: DeltaEvent): void;
}

/**
 * Minimum gap between the starts of two floor pushes. A change while the floor is idle goes out at
 * once; changes arriving while a push is being built or within the gap go out together in the next one.
 * (It was a fixed 200 ms window: under a steady stream of taps that alone put p99 latency near 200 ms.)
 */
export const FLOOR_COALESCE_MS = 25;

/**
 * After a push that took d ms, the next one waits at least d × this after it, so pushes take at most
 * half of the event loop however long the day's derivation grows…
 */
export const FLOOR_REST_FACTOR = 1;

/**
 * …and at most a fifth while the ingest is flooded (bridges replaying their outboxes, a burst of
 * thousands of events a second): the board then moves a little less often and the ingest keeps up.
 */
export const FLOOR_REST_FACTOR_FLOODED = 4;

/**
 * Pushes the floor after changes: the first change goes out at once, later ones are coalesced into one
 * push as soon as the previous push is out, FLOOR_COALESCE_MS have passed since it started and it has
 * rested in proportion to how long it took (FLOOR_REST_FACTOR), so pushes never pile up however fast
 * taps arrive. The board gets `floor.updated`; each lift room whose part changed gets `lift.floor`.
 */
export class FloorPublisher {
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private pumping = false;
  private lastPush = 0;
  /** When the last push ended and how long it took. */
  private lastEnd = 0;
  private lastTook = 0;
  private running: Promise<void> = Promise.resolve();
  private readonly lastLift = new Map<string, string>();
  private closed = false;
  /** Pushes so far and the time spent building and sending them (benchmarks). */
  readonly stats = { pushes: 0, buildMs: 0, sendMs: 0 };

  /** Whether the ingest is flooded (set by the station, which knows the ingest). */
  flooded: () => boolean = () => false;

  constructor(
    private readonly build: () => Promise<FloorStateDto>,
    private readonly sink: () => FloorSink | null,
    private readonly logger: Logger,
  ) {}

  schedule(): void {
    if (this.closed) return;
    this.dirty = true;
    if (!this.pumping) this.next();
  }

  /** Starts the next push now or at the end of the gap (one at a time). */
  private next(): void {
    if (this.closed || !this.dirty || this.timer) {
      this.pumping = this.timer !== null;
      return;
    }
    this.pumping = true;
    const wait = Math.max(
      0,
      this.lastPush + FLOOR_COALESCE_MS - Date.now(),
      this.lastEnd +
        this.lastTook * (this.flooded() ? FLOOR_REST_FACTOR_FLOODED : FLOOR_REST_FACTOR) -
        Date.now(),
    );
    const go = () => {
      this.timer = null;
      this.dirty = false;
      this.lastPush = Date.now();
      this.running = this.push()
        .catch((err: unknown) => {
          this.logger.error({ err }, 'floor push failed');
        })
        .finally(() => {
          this.lastEnd = Date.now();
          this.lastTook = this.lastEnd - this.lastPush;
          this.pumping = false;
          this.next();
        });
      for (const wake of this.startWaiters.splice(0)) wake();
    };
    if (wait === 0) go();
    else this.timer = setTimeout(go, wait);
  }

  /** A push is being built or waits for its turn. */
  get active(): boolean {
    return this.pumping || this.timer !== null;
  }

  /** Resolves when the push running now, or the one waiting for its turn, is out (failed or not). */
  async pushDone(): Promise<void> {
    if (this.timer) await new Promise<void>((resolve) => this.startWaiters.push(resolve));
    await this.running;
  }

  private startWaiters: Array<() => void> = [];

  /** Resolves when the pushes scheduled so far are out (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.timer || this.pumping) {
      if (this.timer) await new Promise((r) => setTimeout(r, 10));
      else await this.running;
    }
    await this.running;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const wake of this.startWaiters.splice(0)) wake();
  }

  private async push(): Promise<void> {
    const sink = this.sink();
    if (!sink) return;
    const t0 = performance.now();
    const floor = await this.build();
    const t1 = performance.now();
    sink.publish('board', { type: 'floor.updated', floor });
    const present = JSON.stringify(floor.mechanics.filter((m) => m.state !== 'absent'));
    for (const lift of floor.lifts) {
      const key = JSON.stringify(lift) + present;
      if (this.lastLift.get(lift.liftId) === key) continue;
      this.lastLift.set(lift.liftId, key);
      sink.publish(`lift:${lift.liftId}`, {
        type: 'lift.floor',
        floor: presentLiftFloor(floor, lift.liftId)!,
      });
    }
    this.stats.pushes += 1;
    this.stats.buildMs += t1 - t0;
    this.stats.sendMs += performance.now() - t1;
  }
}

import type { FloorStateDto } from '../../../contracts/labour.ts';
import type { DeltaEvent, RoomName } from '../../../contracts/realtime.ts';
import type { Logger } from '../../../platform/logger.ts';
import { presentLiftFloor } from './floor-presenter.ts';

export interface FloorSink {
  publish(room: RoomName, event: DeltaEvent): void;
}

/** Minimum gap between two floor pushes: changes inside it go out together at its end. */
export const FLOOR_COALESCE_MS = 200;

/**
 * Pushes the floor after changes: the first change goes out at once, changes within the next
 * FLOOR_COALESCE_MS are coalesced into one push at its end. The board gets `floor.updated`; each lift
 * room whose part changed gets `lift.floor`.
 */
export class FloorPublisher {
  private timer: NodeJS.Timeout | null = null;
  private lastPush = 0;
  private running: Promise<void> = Promise.resolve();
  private readonly lastLift = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly build: () => Promise<FloorStateDto>,
    private readonly sink: () => FloorSink | null,
    private readonly logger: Logger,
  ) {}

  schedule(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.lastPush + FLOOR_COALESCE_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastPush = Date.now();
      this.running = this.running
        .then(() => this.push())
        .catch((err: unknown) => {
          this.logger.error({ err }, 'floor push failed');
        });
    }, wait);
  }

  /** Resolves when the pushes scheduled so far are out (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.timer) await new Promise((r) => setTimeout(r, 10));
    await this.running;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async push(): Promise<void> {
    const sink = this.sink();
    if (!sink) return;
    const floor = await this.build();
    sink.publish('board', { type: 'floor.updated', floor });
    for (const lift of floor.lifts) {
      const key = JSON.stringify(lift) + JSON.stringify(floor.mechanics.filter((m) => m.state !== 'absent'));
      if (this.lastLift.get(lift.liftId) === key) continue;
      this.lastLift.set(lift.liftId, key);
      sink.publish(`lift:${lift.liftId}`, {
        type: 'lift.floor',
        floor: presentLiftFloor(floor, lift.liftId)!,
      });
    }
  }
}

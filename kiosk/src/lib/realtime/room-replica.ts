// A relative path (not $contracts) so the unit tests and the root tsc resolve it too.
import type { DeltaEvent, DeltaMessage, SnapshotMessage } from '../../../../server/src/contracts/realtime.ts';

export type Reducer<T> = (data: T, event: DeltaEvent) => T;

/** What became of a delta: applied, dropped as already seen, held until the first snapshot, or a gap. */
export type DeltaOutcome = 'applied' | 'stale' | 'buffered' | 'resync';

const MAX_BUFFERED = 100;

/**
 * A client's copy of one room: the last snapshot plus the deltas applied on top, in version order.
 * Pure (no framework, no socket) so the ordering rules are unit-tested.
 *
 * - A delta is applied only when its epoch matches and its version is exactly current + 1.
 * - An older version is stale (the snapshot already contains it) and dropped.
 * - A gap or a new epoch (the server restarted) means the copy is wrong: ask for a fresh snapshot.
 * - Deltas that arrive before the first snapshot are held and replayed on top of it, since the
 *   server reads the version before it builds the snapshot (deltas carry whole entities, so a
 *   replayed one that the snapshot already shows is harmless).
 */
export class RoomReplica<T> {
  data: T | null = null;
  epoch: string | null = null;
  version = 0;
  private pending: DeltaMessage[] = [];

  constructor(private readonly reduce: Reducer<T>) {}

  get hasSnapshot(): boolean {
    return this.epoch !== null;
  }

  snapshot(message: SnapshotMessage<T>): void {
    this.data = message.data;
    this.epoch = message.epoch;
    this.version = message.version;
    const held = this.pending.sort((a, b) => a.version - b.version);
    this.pending = [];
    for (const delta of held) {
      if (delta.epoch === this.epoch && delta.version === this.version + 1) this.applyNow(delta);
    }
  }

  delta(message: DeltaMessage): DeltaOutcome {
    if (!this.hasSnapshot) {
      if (this.pending.length < MAX_BUFFERED) this.pending.push(message);
      return 'buffered';
    }
    if (message.epoch !== this.epoch) return 'resync';
    if (message.version <= this.version) return 'stale';
    if (message.version !== this.version + 1) return 'resync';
    this.applyNow(message);
    return 'applied';
  }

  /** Forget everything (the device was revoked, or the room is left). */
  clear(): void {
    this.data = null;
    this.epoch = null;
    this.version = 0;
    this.pending = [];
  }

  private applyNow(message: DeltaMessage): void {
    this.data = this.reduce(this.data as T, message.event);
    this.version = message.version;
  }
}

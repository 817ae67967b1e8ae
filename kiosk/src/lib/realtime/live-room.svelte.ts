import type { DeltaMessage, RoomName, SnapshotMessage } from '$contracts/realtime.ts';
import { RoomReplica, type Reducer } from './room-replica.ts';

export type Resync = (room: RoomName) => Promise<SnapshotMessage | null>;

/**
 * One live room on screen: the snapshot with the deltas applied on top. A gap in the versions or a
 * new server epoch asks the server for a fresh snapshot; the screen keeps the last good state meanwhile.
 */
export class LiveRoom<T> {
  /** The room's current state, null until the first snapshot. Replaced, never mutated. */
  data = $state.raw<T | null>(null);
  /** A fresh snapshot has been asked for and not yet received. */
  resyncing = $state(false);

  private readonly replica: RoomReplica<T>;

  constructor(
    readonly room: RoomName,
    reduce: Reducer<T>,
    private readonly resync: Resync,
  ) {
    this.replica = new RoomReplica(reduce);
  }

  get version(): number {
    return this.replica.version;
  }

  applySnapshot(message: SnapshotMessage): void {
    if (message.room !== this.room) return;
    this.replica.snapshot(message as SnapshotMessage<T>);
    this.data = this.replica.data;
  }

  applyDelta(message: DeltaMessage): void {
    if (message.room !== this.room) return;
    const outcome = this.replica.delta(message);
    if (outcome === 'applied') this.data = this.replica.data;
    else if (outcome === 'resync') void this.requestSnapshot();
  }

  clear(): void {
    this.replica.clear();
    this.data = null;
  }

  private async requestSnapshot(): Promise<void> {
    if (this.resyncing) return;
    this.resyncing = true;
    try {
      const message = await this.resync(this.room);
      if (message) this.applySnapshot(message);
    } finally {
      this.resyncing = false;
    }
  }
}

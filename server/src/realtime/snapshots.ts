import type { RoomName, RoomSnapshotData } from '../contracts/realtime.ts';
import type { Actor } from '../platform/context.ts';

export type SnapshotProvider = (room: RoomName, actor: Actor) => Promise<RoomSnapshotData>;

/** The modules that own a room's state say how to build its snapshot (board, lift:<id>, desk, user:<id>). */
export class SnapshotRegistry {
  private readonly providers = new Map<string, SnapshotProvider>();
  private readonly extensions = new Map<
    string,
    Array<(room: RoomName, actor: Actor) => Promise<Record<string, unknown>>>
  >();

  provide(kind: 'board' | 'lift' | 'desk' | 'user', provider: SnapshotProvider): void {
    this.providers.set(kind, provider);
  }

  /** Adds fields from another module to a room's snapshot (the timeclock's `floor` on board and lift). */
  extend(
    kind: 'board' | 'lift',
    extra: (room: RoomName, actor: Actor) => Promise<Record<string, unknown>>,
  ): void {
    this.extensions.set(kind, [...(this.extensions.get(kind) ?? []), extra]);
  }

  async build(room: RoomName, actor: Actor): Promise<RoomSnapshotData> {
    const kind = room.split(':')[0]!;
    const provider = this.providers.get(kind);
    const data = provider ? await provider(room, actor) : {};
    const extras = this.extensions.get(kind) ?? [];
    if (extras.length === 0 || Object.keys(data).length === 0) return data;
    const more = await Promise.all(extras.map((extra) => extra(room, actor)));
    return Object.assign({}, data, ...more) as RoomSnapshotData;
  }
}

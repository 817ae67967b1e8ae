import type { RoomName, RoomSnapshotData } from '../contracts/realtime.ts';
import type { Actor } from '../platform/context.ts';

export type SnapshotProvider = (room: RoomName, actor: Actor) => Promise<RoomSnapshotData>;

/** The modules that own a room's state say how to build its snapshot (board, lift:<id>, desk, user:<id>). */
export class SnapshotRegistry {
  private readonly providers = new Map<string, SnapshotProvider>();

  provide(kind: 'board' | 'lift' | 'desk' | 'user', provider: SnapshotProvider): void {
    this.providers.set(kind, provider);
  }

  async build(room: RoomName, actor: Actor): Promise<RoomSnapshotData> {
    const kind = room.split(':')[0]!;
    const provider = this.providers.get(kind);
    return provider ? provider(room, actor) : {};
  }
}

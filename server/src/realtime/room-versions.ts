import { randomUUID } from 'node:crypto';
import type { RoomName } from '../contracts/realtime.ts';

/**
 * Each room has a version that grows by one per delta. The epoch changes when the server restarts,
 * so a client never mistakes version 5 of a new process for version 5 of the old one.
 */
export class RoomVersions {
  readonly epoch = randomUUID();
  private readonly versions = new Map<RoomName, number>();

  current(room: RoomName): number {
    return this.versions.get(room) ?? 0;
  }

  next(room: RoomName): number {
    const version = this.current(room) + 1;
    this.versions.set(room, version);
    return version;
  }

  forget(room: RoomName): void {
    this.versions.delete(room);
  }
}

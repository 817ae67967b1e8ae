import type { LiftDto } from './dto.ts';
import type { FloorStateDto, LiftFloorDto, TapOutcomeDto } from './labour.ts';

/**
 * socket.io event maps shared by the server and the browsers.
 * Rooms: `board`, `lift:<id>`, `desk`, `user:<id>`.
 * On connect the server sends a `snapshot` of every room the client joined; afterwards `delta`s.
 * A delta carries the room's version: a client applies it only when `version === current + 1` and
 * `epoch` matches, otherwise it asks for a fresh snapshot with `resync`.
 */
export type RoomName = 'board' | 'desk' | `lift:${string}` | `user:${string}`;

export interface BridgeStateDto {
  id: string;
  name: string;
  online: boolean;
  lastSeenAt: string | null;
}

export interface BoardSnapshot {
  stationName: string;
  lifts: LiftDto[];
  bridges: BridgeStateDto[];
  /** The live shop floor (labour engine); null until the timeclock module provides it. */
  floor?: FloorStateDto | null;
}

export interface LiftSnapshot {
  lift: LiftDto;
  bridges: BridgeStateDto[];
  /** This lift's live state; null until the timeclock module provides it. */
  floor?: LiftFloorDto | null;
}

export interface DeskSnapshot {
  userId: string;
}

export type RoomSnapshotData = BoardSnapshot | LiftSnapshot | DeskSnapshot | Record<string, never>;

export interface SnapshotMessage<T = RoomSnapshotData> {
  room: RoomName;
  epoch: string;
  version: number;
  data: T;
}

export type DeltaEvent =
  | { type: 'lift.updated'; lift: LiftDto }
  | { type: 'bridge.availability'; bridge: BridgeStateDto }
  | { type: 'user.updated'; userId: string }
  | { type: 'session.revoked'; sessionId: string }
  /** Board room: the whole floor after a change (small: one entry per lift). */
  | { type: 'floor.updated'; floor: FloorStateDto }
  /** lift:<id> room: that lift's floor after a change. */
  | { type: 'lift.floor'; floor: LiftFloorDto }
  /** lift:<id> room: a badge was tapped at this lift's reader. */
  | { type: 'tap'; tap: TapOutcomeDto }
  /** user:<id> room: a CRM task of this person (assigned or escalated to them) changed; reload the agenda. */
  | { type: 'crm.task'; change: CrmTaskChange; taskId: string }
  /** desk room: a parts request from a lift was made, issued or cancelled; the storekeeper's queue reloads. */
  | { type: 'parts.request'; change: PartsRequestChange; requestId: string };

export type PartsRequestChange = 'requested' | 'issued' | 'cancelled';

export type CrmTaskChange = 'created' | 'updated' | 'completed' | 'reminder' | 'overdue' | 'escalated';

export interface DeltaMessage {
  room: RoomName;
  epoch: string;
  version: number;
  event: DeltaEvent;
}

export interface ServerToClientEvents {
  snapshot: (message: SnapshotMessage) => void;
  delta: (message: DeltaMessage) => void;
  /** The device or session was revoked; the client must forget its credentials. */
  revoked: () => void;
}

export interface ClientToServerEvents {
  /** Joins a further room the actor may see (a foreman opening the board on the desk); null if refused. */
  join: (room: RoomName, ack: (message: SnapshotMessage | null) => void) => void;
  /** A fresh snapshot of a room the socket is in, after a version gap. */
  resync: (room: RoomName, ack: (message: SnapshotMessage | null) => void) => void;
}

import type { RoomName } from '../contracts/realtime.ts';
import type { Actor } from '../platform/context.ts';
import { can } from '../modules/identity/rules/permissions.ts';

/** The rooms a socket joins on connect without asking. */
export function defaultRooms(actor: Actor): RoomName[] {
  if (actor.type === 'device') return actor.scope === 'board' ? ['board'] : [`lift:${actor.liftId}`];
  if (actor.type === 'user') return ['desk', `user:${actor.id}`];
  return [];
}

/** Whether an actor may join a room on request (a foreman opening the board on the desk, say). */
export function mayJoin(actor: Actor, room: RoomName): boolean {
  if (actor.type === 'device') return defaultRooms(actor).includes(room);
  if (actor.type !== 'user') return false;
  if (room === 'desk') return true;
  if (room.startsWith('user:')) return room === `user:${actor.id}`;
  if (room === 'board' || room.startsWith('lift:')) return can(actor.role, 'shopfloor.read');
  return false;
}

export function isRoomName(value: unknown): value is RoomName {
  return (
    typeof value === 'string' &&
    (value === 'board' ||
      value === 'desk' ||
      /^lift:[0-9a-f-]{36}$/.test(value) ||
      /^user:[0-9a-f-]{36}$/.test(value))
  );
}

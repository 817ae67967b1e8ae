import type { Actor } from '../../platform/context.ts';

/** The users.id of a signed-in person, for columns that reference users; null for devices and the system. */
export function actorUserId(actor: Actor): string | null {
  return actor.type === 'user' ? actor.id : null;
}

/** Any actor's id as text (users, devices, bridges), for "who did it" columns without a foreign key. */
export function actorRef(actor: Actor): string | null {
  return actor.id ?? null;
}

export function actorName(actor: Actor): string {
  return actor.name;
}

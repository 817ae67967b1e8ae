import type { LiveMechanic } from '../engine/index.ts';
import { labourError } from './labour-errors.ts';

export type PresenceNeed = 'working' | 'break_start' | 'break_end';

/** Refuses an action by a mechanic who is not at the station in the state it needs (409). */
export function assertPresence(mechanic: LiveMechanic | undefined, need: PresenceNeed, name: string): void {
  const state = mechanic?.state ?? 'absent';
  if (state === 'absent')
    throw labourError(409, 'not_present', `${name} is not clocked in: tap the badge first`, 'staffId');
  if (need === 'break_end') {
    if (state !== 'break') throw labourError(409, 'not_on_break', `${name} is not on a break`, 'staffId');
    return;
  }
  if (state === 'break')
    throw labourError(
      409,
      need === 'break_start' ? 'already_on_break' : 'on_break',
      `${name} is on a break`,
      'staffId',
    );
}

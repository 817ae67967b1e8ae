import { describe, expect, it } from 'vitest';
import { reducePartsChanges } from '../../../kiosk/src/desk/modules/warehouse/live-queue.ts';

describe('the parts queue on the desk room', () => {
  it('counts parts.request deltas (each reloads the queue) and ignores the room’s other events', () => {
    const start = { userId: 'u1' };
    const one = reducePartsChanges(start, { type: 'parts.request', change: 'requested', requestId: 'r1' });
    expect(one).toEqual({ userId: 'u1', partsChanges: 1 });
    const two = reducePartsChanges(one, { type: 'parts.request', change: 'issued', requestId: 'r1' });
    expect(two.partsChanges).toBe(2);
    const other = reducePartsChanges(two, { type: 'user.updated', userId: 'u1' });
    expect(other).toBe(two);
  });
});

// A relative path (not $contracts) so the unit tests and the root tsc resolve it too.
import type { DeltaEvent } from '../../../../../server/src/contracts/realtime.ts';

/** The desk room as the parts queue sees it: a counter of parts-request changes to reload on. */
export interface DeskRoomState {
  userId: string;
  partsChanges?: number;
}

export function reducePartsChanges(data: DeskRoomState, event: DeltaEvent): DeskRoomState {
  return event.type === 'parts.request' ? { ...data, partsChanges: (data.partsChanges ?? 0) + 1 } : data;
}

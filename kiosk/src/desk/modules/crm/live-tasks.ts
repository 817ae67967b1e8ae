// A relative path (not $contracts) so the unit tests and the root tsc resolve it too.
import type { DeltaEvent } from '../../../../../server/src/contracts/realtime.ts';

/** The desk's `user:<id>` room as the task screens see it: a counter of task changes to reload on. */
export interface UserRoomState {
  userId: string;
  taskChanges?: number;
}

export function reduceTaskChanges(data: UserRoomState, event: DeltaEvent): UserRoomState {
  return event.type === 'crm.task' ? { ...data, taskChanges: (data.taskChanges ?? 0) + 1 } : data;
}

import type { BridgeStateDto, CrmTaskChange, PartsRequestChange } from '../contracts/realtime.ts';
import type { AppDeps } from '../deps.ts';
import type { Realtime } from './realtime-server.ts';
import { boardSnapshot, liftSnapshot } from './board-snapshot.ts';

/** Wires the room snapshots and the projectors that turn committed domain events into deltas. */
export function registerRealtime(realtime: Realtime, deps: AppDeps): void {
  realtime.snapshots.provide('board', () => boardSnapshot(deps));
  realtime.snapshots.provide('lift', (room) => liftSnapshot(deps, room.slice('lift:'.length)));
  realtime.snapshots.provide('desk', async (_room, actor) => ({ userId: actor.id ?? '' }));
  realtime.snapshots.provide('user', async (room) => ({ userId: room.slice('user:'.length) }));

  deps.bus.subscribe((event) => {
    switch (event.type) {
      case 'session.revoked':
        realtime.disconnect('session', String(event.sessionId));
        break;
      case 'device.revoked':
        realtime.disconnect('device', String(event.deviceId));
        break;
      case 'bridge.availability':
        realtime.publish('board', { type: 'bridge.availability', bridge: event.bridge as BridgeStateDto });
        break;
      case 'parts.requested':
      case 'parts.issued':
      case 'parts.request_cancelled':
        realtime.publish('desk', {
          type: 'parts.request',
          change: PARTS_REQUEST_CHANGE[event.type],
          requestId: String(event.requestId),
        });
        break;
      case 'crm.task.created':
      case 'crm.task.updated':
      case 'crm.task.completed':
      case 'crm.task.reminder':
      case 'crm.task.overdue':
      case 'crm.task.escalated': {
        // The person it concerns (the assignee, or the supervisor for an escalation) reloads their agenda.
        const change = event.type.slice('crm.task.'.length) as CrmTaskChange;
        const taskId = String(event.taskId);
        for (const userId of new Set([event.userId, event.assigneeId])) {
          if (typeof userId === 'string' && userId)
            realtime.publish(`user:${userId}`, { type: 'crm.task', change, taskId });
        }
        break;
      }
    }
  });
}

const PARTS_REQUEST_CHANGE: Record<
  'parts.requested' | 'parts.issued' | 'parts.request_cancelled',
  PartsRequestChange
> = {
  'parts.requested': 'requested',
  'parts.issued': 'issued',
  'parts.request_cancelled': 'cancelled',
};

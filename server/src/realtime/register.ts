import type { BridgeStateDto } from '../contracts/realtime.ts';
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
    }
  });
}

import type { CommandContext } from '../../../server/src/platform/context.ts';
import { bindDevice } from '../../../server/src/modules/iot/commands/bindings.ts';
import { registerBridge } from '../../../server/src/modules/iot/commands/bridges.ts';
import type { Lift } from '../../../server/src/modules/scheduler/index.ts';

/** The bridge at the staff entrance: one reader, bound to the entrance (clock in / out). */
export const DEMO_ENTRANCE_BRIDGE = 'entrance';
/** Device ids on every demo lift bridge (as in MQTT.md): the reader, the lift sensor, the bay sensor. */
export const DEMO_DEVICES = { reader: 'r1', liftSensor: 's1', baySensor: 's2' } as const;

/** `lift-1` … `lift-6`: the bridge at the lift in the given position (0-based). */
export function demoLiftBridgeId(position: number): string {
  return `lift-${position + 1}`;
}

/**
 * The demo shop floor: a bridge at every lift (a reader, a lift sensor and a bay sensor bound to that
 * lift) and one at the entrance. Their secrets are not kept: the simulated shop floor rotates them at
 * start to connect (the registry stores only hashes).
 */
export async function seedShopfloor(cx: CommandContext, { lifts }: { lifts: Lift[] }): Promise<string[]> {
  const ids: string[] = [];
  for (const [position, lift] of lifts.entries()) {
    const id = demoLiftBridgeId(position);
    await registerBridge(cx, { id, name: `${lift.code} bridge`, location: lift.name });
    await bindDevice(cx, { bridgeId: id, deviceId: DEMO_DEVICES.reader, kind: 'reader', liftId: lift.id });
    await bindDevice(cx, {
      bridgeId: id,
      deviceId: DEMO_DEVICES.liftSensor,
      kind: 'lift_sensor',
      liftId: lift.id,
    });
    await bindDevice(cx, {
      bridgeId: id,
      deviceId: DEMO_DEVICES.baySensor,
      kind: 'bay_sensor',
      liftId: lift.id,
    });
    ids.push(id);
  }
  await registerBridge(cx, { id: DEMO_ENTRANCE_BRIDGE, name: 'Entrance bridge', location: 'Staff entrance' });
  await bindDevice(cx, {
    bridgeId: DEMO_ENTRANCE_BRIDGE,
    deviceId: DEMO_DEVICES.reader,
    kind: 'reader',
    entrance: true,
  });
  ids.push(DEMO_ENTRANCE_BRIDGE);
  return ids;
}

import { join } from 'node:path';
import type { BridgeController, SimulatedReader, SimulatedSensor } from '@pitwall/firmware-bridge';
import { QueryTypes } from 'sequelize';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../platform/context.ts';
import type { Logger } from '../../platform/logger.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { rotateBridgeSecret } from '../iot/commands/bridges.ts';

/** One simulated bridge: the real firmware-bridge controller with simulated devices. */
export interface SimBridge {
  id: string;
  controller: BridgeController;
  readers: Map<string, SimulatedReader>;
  sensors: Map<string, SimulatedSensor>;
}

interface BindingRow {
  bridge_id: string;
  device_id: string;
  kind: 'reader' | 'lift_sensor' | 'bay_sensor';
}

/** The broker address a local client uses: a wildcard listen address means this machine. */
export function localBrokerUrl(host: string, port: number): string {
  const local = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host;
  return `mqtt://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

/**
 * Starts the demo bridges in this process: each gets a fresh secret through the iot module's
 * rotate command (the registry keeps only hashes, so this is how the simulator learns one), and a
 * BridgeController from @pitwall/firmware-bridge with simulated readers and sensors as its bindings
 * say, its disk outbox under <dataDir>/simulator/<bridgeId>. Loaded lazily: a station that does not
 * simulate never loads the bridge code.
 */
export async function startBridges(
  deps: AppDeps,
  actor: Actor,
  options: { ids: string[]; brokerUrl: string; dataDir: string; logger: Logger },
): Promise<SimBridge[]> {
  const bridge = await import('@pitwall/firmware-bridge');
  const bindings = await deps.sequelize.query<BindingRow>(
    `SELECT bridge_id, device_id, kind FROM bridge_bindings WHERE bridge_id IN (:ids) AND valid_to IS NULL ORDER BY device_id`,
    { replacements: { ids: options.ids }, type: QueryTypes.SELECT },
  );
  const started: SimBridge[] = [];
  try {
    for (const id of options.ids) {
      const mine = bindings.filter((b) => b.bridge_id === id);
      if (mine.length === 0) continue;
      const { secret } = await inTransaction(deps, actor, (cx) => rotateBridgeSecret(cx, id));
      // The bridges' own chatter (every event stored, every beep) stays out of the station log.
      const parent = options.logger;
      const logger = parent.child(
        { bridgeId: id },
        { level: parent.levelVal === 30 ? 'warn' : parent.level },
      );
      const config = bridge.bridgeConfigSchema.parse({
        bridgeId: id,
        secret,
        serverUrl: options.brokerUrl,
        dataDir: join(options.dataDir, 'simulator', id),
        readers: mine
          .filter((b) => b.kind === 'reader')
          .map((b) => ({ id: b.device_id, driver: 'simulated' })),
        sensors: mine
          .filter((b) => b.kind !== 'reader')
          .map((b) => ({
            id: b.device_id,
            kind: b.kind === 'lift_sensor' ? 'lift' : 'bay',
            driver: 'simulated',
          })),
        keepaliveSeconds: 10,
        reconnectMs: 1_000,
      });
      const readers = new Map(
        config.readers.map((r) => [r.id, new bridge.SimulatedReader(r.id, logger)] as const),
      );
      const sensors = new Map(
        config.sensors.map((s) => [s.id, new bridge.SimulatedSensor(s.id, s.kind)] as const),
      );
      const controller = new bridge.BridgeController({
        config,
        logger,
        readers: [...readers.values()],
        sensors: [...sensors.values()],
        drainTimeoutMs: 1_000,
      });
      await controller.start();
      started.push({ id, controller, readers, sensors });
    }
  } catch (err) {
    await stopBridges(started);
    throw err;
  }
  return started;
}

export async function stopBridges(bridges: SimBridge[]): Promise<void> {
  await Promise.allSettled(bridges.map((b) => b.controller.stop()));
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../../../firmware-bridge/src/config/load-config.ts';
import type { BridgeConfig } from '../../../../firmware-bridge/src/config/config-schema.ts';
import { BridgeController } from '../../../../firmware-bridge/src/controller/controller.ts';
import { createBridgeLogger } from '../../../../firmware-bridge/src/logger.ts';
import type { SimulatedReader } from '../../../../firmware-bridge/src/readers/simulated-reader.ts';
import type { SimulatedSensor } from '../../../../firmware-bridge/src/sensors/simulated-sensor.ts';

export const BRIDGE_ID = 'lift-test';
export const SECRET = 'test-secret-0123456789';

export async function tempDir(
  prefix = 'pitwall-bridge-',
): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A validated config with simulated r1, s1 (lift) and s2 (bay) unless overridden. */
export function bridgeConfig(
  serverUrl: string,
  dataDir: string,
  extra: Record<string, unknown> = {},
): BridgeConfig {
  return resolveConfig({
    env: {},
    file: {
      path: 'test.json',
      content: {
        bridgeId: BRIDGE_ID,
        secret: SECRET,
        serverUrl,
        dataDir,
        logLevel: process.env.BRIDGE_TEST_LOG ?? 'silent',
        readers: [{ id: 'r1', driver: 'simulated' }],
        sensors: [
          { id: 's1', kind: 'lift', driver: 'simulated' },
          { id: 's2', kind: 'bay', driver: 'simulated' },
        ],
        cardDebounceMs: 0,
        reconnectMs: 200,
        ...extra,
      },
    },
  });
}

export function startedController(config: BridgeConfig): {
  controller: BridgeController;
  reader: SimulatedReader;
  lift: SimulatedSensor;
  bay: SimulatedSensor;
} {
  const controller = new BridgeController({
    config,
    logger: createBridgeLogger(config.logLevel, config.bridgeId),
  });
  return {
    controller,
    get reader() {
      return controller.readers.get('r1') as SimulatedReader;
    },
    get lift() {
      return controller.sensors.get('s1') as SimulatedSensor;
    },
    get bay() {
      return controller.sensors.get('s2') as SimulatedSensor;
    },
  };
}

/** A distinct 7-byte UID per number. */
export function uid(n: number): string {
  return `04${n.toString(16).toUpperCase().padStart(12, '0')}`;
}

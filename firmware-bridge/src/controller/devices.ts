import type { BridgeConfig } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import type { CardReader } from '../readers/card-reader.ts';
import { PcscReader } from '../readers/pcsc/pcsc-reader.ts';
import { SimulatedReader } from '../readers/simulated-reader.ts';
import { GpioSensor, type GpioTools } from '../sensors/gpio/gpio-sensor.ts';
import type { Sensor } from '../sensors/sensor.ts';
import { SimulatedSensor } from '../sensors/simulated-sensor.ts';

export interface DeviceOverrides {
  /** A fake PC/SC worker for tests (the real one loads nfc-pcsc). */
  pcscWorkerPath?: string;
  gpio?: GpioTools;
  now?: () => Date;
}

/** The readers and sensors the configuration names. */
export function createDevices(
  config: BridgeConfig,
  logger: Logger,
  overrides: DeviceOverrides = {},
): { readers: CardReader[]; sensors: Sensor[] } {
  const readers = config.readers.map((reader): CardReader =>
    reader.driver === 'pcsc'
      ? new PcscReader({ id: reader.id, match: reader.match, logger, workerPath: overrides.pcscWorkerPath })
      : new SimulatedReader(reader.id, logger, overrides.now),
  );
  const sensors = config.sensors.map((sensor): Sensor =>
    sensor.driver === 'gpio'
      ? new GpioSensor(sensor, config.sensorDebounceMs, logger, overrides.gpio)
      : new SimulatedSensor(sensor.id, sensor.kind, overrides.now),
  );
  return { readers, sensors };
}

/** The bridge's public surface, for scripts (the load generator) and tests. */
export {
  BridgeController,
  type BridgeControllerOptions,
  type ControllerEvents,
} from './controller/controller.ts';
export { buildStatus } from './controller/status-payload.ts';
export { createDevices, type DeviceOverrides } from './controller/devices.ts';
export {
  bridgeConfigSchema,
  type BridgeConfig,
  type ReaderConfig,
  type SensorConfig,
} from './config/config-schema.ts';
export { resolveConfig, ConfigError } from './config/load-config.ts';
export { readConfig } from './config/read-config.ts';
export { DiskOutbox, OutboxFullError, type OutboxOptions } from './outbox/disk-outbox.ts';
export type { EventDraft, StoredEvent } from './outbox/journal-records.ts';
export { MqttLink } from './link/mqtt-link.ts';
export type { CardReader, CardReaderEvents, CardTap } from './readers/card-reader.ts';
export { SimulatedReader } from './readers/simulated-reader.ts';
export { PcscReader } from './readers/pcsc/pcsc-reader.ts';
export type { Sensor, SensorEvents, SensorChange, SensorState } from './sensors/sensor.ts';
export { SimulatedSensor } from './sensors/simulated-sensor.ts';
export { GpioSensor } from './sensors/gpio/gpio-sensor.ts';
export { createBridgeLogger, type Logger } from './logger.ts';
export * from './contract/mqtt-payloads.ts';
export * from './contract/mqtt-topics.ts';

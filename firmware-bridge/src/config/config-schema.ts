import { z } from 'zod';
import { bridgeIdSchema, deviceIdSchema, SENSOR_KINDS } from '../contract/mqtt-payloads.ts';
import { LOG_LEVELS } from '../logger.ts';

export const GPIO_BIASES = ['as-is', 'disable', 'pull-up', 'pull-down'] as const;
export type GpioBias = (typeof GPIO_BIASES)[number];
export const GPIO_BACKENDS = ['auto', 'gpiomon', 'sysfs'] as const;

const simulatedReaderSchema = z.object({ id: deviceIdSchema, driver: z.literal('simulated') });
const pcscReaderSchema = z.object({
  id: deviceIdSchema,
  driver: z.literal('pcsc'),
  /** A case-insensitive part of the PC/SC reader name ("ACR122U", "ACR122U PICC Interface 01"); none = the first reader. */
  match: z.string().trim().min(1).max(128).optional(),
});
export const readerConfigSchema = z.discriminatedUnion('driver', [simulatedReaderSchema, pcscReaderSchema]);

const simulatedSensorSchema = z.object({
  id: deviceIdSchema,
  kind: z.enum(SENSOR_KINDS),
  driver: z.literal('simulated'),
});
export const gpioSensorSchema = z.object({
  id: deviceIdSchema,
  kind: z.enum(SENSOR_KINDS),
  driver: z.literal('gpio'),
  /** The libgpiod chip (gpiochip0); with the sysfs backend `line` is the global GPIO number instead. */
  chip: z
    .string()
    .regex(/^[A-Za-z0-9_./-]{1,64}$/, 'must be a gpiochip name such as gpiochip0')
    .default('gpiochip0'),
  line: z.int().min(0).max(4095),
  /** Active (raised / occupied) when the line reads 0 instead of 1. */
  activeLow: z.boolean().default(false),
  bias: z.enum(GPIO_BIASES).default('as-is'),
  backend: z.enum(GPIO_BACKENDS).default('auto'),
  /** Overrides sensorDebounceMs for this sensor. */
  debounceMs: z.int().min(0).max(60_000).optional(),
});
export const sensorConfigSchema = z.discriminatedUnion('driver', [simulatedSensorSchema, gpioSensorSchema]);

export const bridgeConfigSchema = z
  .object({
    bridgeId: bridgeIdSchema,
    secret: z.string().min(1, 'is required (the secret shown once when the bridge was registered)').max(256),
    serverUrl: z
      .string()
      .refine(isBrokerUrl, 'must be mqtt://host[:port] or mqtts://host[:port], e.g. mqtt://station:1883'),
    dataDir: z.string().min(1).default('./data'),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    readers: z.array(readerConfigSchema).max(16).default([]),
    sensors: z.array(sensorConfigSchema).max(32).default([]),
    /** The same UID on the same reader within this window is read once. */
    cardDebounceMs: z.int().min(0).max(60_000).default(1_500),
    /** A sensor's input must be stable this long before its new state is reported. */
    sensorDebounceMs: z.int().min(0).max(60_000).default(300),
    outbox: z
      .object({
        maxEvents: z.int().min(10).max(10_000_000).default(100_000),
        maxBytes: z
          .int()
          .min(64 * 1024)
          .max(4 * 1024 ** 3)
          .default(64 * 1024 ** 2),
      })
      .prefault({}),
    /** Events published and not yet acknowledged at once: a backlog drains fast but in order. */
    maxInFlight: z.int().min(1).max(2_000).default(200),
    keepaliveSeconds: z.int().min(2).max(120).default(10),
    reconnectMs: z.int().min(100).max(60_000).default(2_000),
    tls: z
      .object({ caFile: z.string().min(1).optional(), rejectUnauthorized: z.boolean().default(true) })
      .optional(),
    /** Read commands (tap r1 04A1…, lift s1 raised, status) from stdin. */
    console: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    if (config.readers.length === 0 && config.sensors.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['readers'], message: 'configure at least one reader or sensor' });
    }
    for (const [list, items] of [
      ['readers', config.readers],
      ['sensors', config.sensors],
    ] as const) {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: 'custom', path: [list, index, 'id'], message: `"${item.id}" is used twice` });
        seen.add(item.id);
      });
    }
  });

export type BridgeConfig = z.infer<typeof bridgeConfigSchema>;
export type ReaderConfig = z.infer<typeof readerConfigSchema>;
export type SensorConfig = z.infer<typeof sensorConfigSchema>;
export type GpioSensorConfig = z.infer<typeof gpioSensorSchema>;

function isBrokerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'mqtt:' || url.protocol === 'mqtts:') &&
      url.hostname.length > 0 &&
      url.pathname.replace(/^\/$/, '') === ''
    );
  } catch {
    return false;
  }
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every PITWALL_* setting, parsed once into a typed object. A wrong value stops the start with a
 * message naming the variable. An optional JSON file (PITWALL_CONFIG) supplies defaults under the
 * same names; the environment always wins.
 */

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v),
    'expected 1/0, true/false, yes/no or on/off',
  )
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected an integer port')
  .min(0, 'expected a port between 0 and 65535')
  .max(65535, 'expected a port between 0 and 65535');

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Europe/Moscow');

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const schema = z.object({
  PITWALL_HTTP_HOST: z.string().default('0.0.0.0'),
  PITWALL_HTTP_PORT: port.default(8080),
  PITWALL_MQTT_HOST: z.string().default('0.0.0.0'),
  PITWALL_MQTT_PORT: port.default(1883),
  PITWALL_MQTT_TLS_PORT: port.default(8883),
  PITWALL_MQTT_TLS_CERT: optionalString,
  PITWALL_MQTT_TLS_KEY: optionalString,
  PITWALL_DATA_DIR: z.string().min(1).default('./data'),
  PITWALL_DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional(),
  ),
  PITWALL_EMBEDDED_DB_PORT: port.default(5488),
  PITWALL_DB_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
  PITWALL_DEMO: bool.default(true),
  PITWALL_SIMULATE: bool.default(true),
  PITWALL_SIMULATE_SPEED: z.coerce
    .number({ error: 'expected a number' })
    .min(0.1, 'expected a speed between 0.1 and 3600')
    .max(3600, 'expected a speed between 0.1 and 3600')
    .default(1),
  PITWALL_SIMULATE_SEED: z.coerce.number().int().min(0).max(2_147_483_647).default(1),
  PITWALL_TIMEZONE: timezone.default(systemTimezone()),
  PITWALL_LOCALE: z.enum(['en', 'ru']).default('en'),
  PITWALL_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as RUB')
    .default('RUB'),
  PITWALL_PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected a two-letter country code such as RU')
    .default('RU'),
  PITWALL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PITWALL_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  PITWALL_SECURE_COOKIES: bool.default(false),
  PITWALL_LOGIN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  PITWALL_KIOSK_DIR: optionalString,
  /** Read by scripts/start.mjs: do not rebuild the web apps before starting. */
  PITWALL_SKIP_BUILD: bool.default(false),
  PITWALL_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type ConfigInput = z.input<typeof schema>;
type Raw = z.output<typeof schema>;

export interface Config {
  http: { host: string; port: number };
  mqtt: { host: string; port: number; tls: { port: number; cert: string; key: string } | null };
  dataDir: string;
  database: { url: string | null; embeddedPort: number; poolMax: number };
  demo: boolean;
  simulate: boolean;
  /** The simulated shop floor: time scale (60 = a minute per second) and its random seed. */
  simulation: { speed: number; seed: number };
  station: { timezone: string; locale: 'en' | 'ru'; currency: string; phoneRegion: string };
  logLevel: Raw['PITWALL_LOG_LEVEL'];
  sessionHours: number;
  loginFailuresPerMinute: number;
  secureCookies: boolean;
  kioskDir: string;
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function readConfigFile(file: string): Record<string, string> {
  if (!existsSync(file)) throw new ConfigError([`PITWALL_CONFIG: file not found: ${file}`]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`PITWALL_CONFIG: ${file} is not valid JSON (${(err as Error).message})`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`PITWALL_CONFIG: ${file} must hold a JSON object of PITWALL_* keys`]);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!key.startsWith('PITWALL_')) throw new ConfigError([`PITWALL_CONFIG: unknown key ${key} in ${file}`]);
    out[key] = String(value);
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const fromFile = env.PITWALL_CONFIG ? readConfigFile(path.resolve(cwd, env.PITWALL_CONFIG)) : {};
  const known = new Set(Object.keys(schema.shape));
  const merged: Record<string, string> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) {
    if (known.has(key) && value !== undefined) merged[key] = value;
  }
  const unknown = Object.keys(env).filter(
    (k) =>
      k.startsWith('PITWALL_') &&
      !known.has(k) &&
      k !== 'PITWALL_CONFIG' &&
      !k.startsWith('PITWALL_TEST_') &&
      !k.startsWith('PITWALL_BRIDGE_'),
  );
  const result = schema.safeParse(merged);
  const problems: string[] = unknown.map(
    (k) => `${k}: unknown setting (see the README's configuration table)`,
  );
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? 'config');
      problems.push(`${name}: ${issue.message} (got ${JSON.stringify(merged[name])})`);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  const raw = result.data;
  if ((raw.PITWALL_MQTT_TLS_CERT === undefined) !== (raw.PITWALL_MQTT_TLS_KEY === undefined)) {
    throw new ConfigError(['PITWALL_MQTT_TLS_CERT and PITWALL_MQTT_TLS_KEY must be set together']);
  }
  const dataDir = path.resolve(cwd, raw.PITWALL_DATA_DIR);
  return {
    http: { host: raw.PITWALL_HTTP_HOST, port: raw.PITWALL_HTTP_PORT },
    mqtt: {
      host: raw.PITWALL_MQTT_HOST,
      port: raw.PITWALL_MQTT_PORT,
      tls:
        raw.PITWALL_MQTT_TLS_CERT && raw.PITWALL_MQTT_TLS_KEY
          ? {
              port: raw.PITWALL_MQTT_TLS_PORT,
              cert: raw.PITWALL_MQTT_TLS_CERT,
              key: raw.PITWALL_MQTT_TLS_KEY,
            }
          : null,
    },
    dataDir,
    database: {
      url: raw.PITWALL_DATABASE_URL ?? null,
      embeddedPort: raw.PITWALL_EMBEDDED_DB_PORT,
      poolMax: raw.PITWALL_DB_POOL_MAX,
    },
    demo: raw.PITWALL_DEMO,
    simulate: raw.PITWALL_SIMULATE,
    simulation: { speed: raw.PITWALL_SIMULATE_SPEED, seed: raw.PITWALL_SIMULATE_SEED },
    station: {
      timezone: raw.PITWALL_TIMEZONE,
      locale: raw.PITWALL_LOCALE,
      currency: raw.PITWALL_CURRENCY,
      phoneRegion: raw.PITWALL_PHONE_REGION,
    },
    logLevel: raw.PITWALL_LOG_LEVEL,
    sessionHours: raw.PITWALL_SESSION_HOURS,
    loginFailuresPerMinute: raw.PITWALL_LOGIN_FAILURES_PER_MINUTE,
    secureCookies: raw.PITWALL_SECURE_COOKIES,
    kioskDir: path.resolve(cwd, raw.PITWALL_KIOSK_DIR ?? 'kiosk/dist'),
    shutdownTimeoutMs: raw.PITWALL_SHUTDOWN_TIMEOUT_MS,
  };
}

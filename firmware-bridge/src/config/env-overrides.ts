/**
 * PITWALL_BRIDGE_* environment variables → a partial raw config (before validation), and which
 * variable each key came from so that a validation message can name it.
 */
export const ENV_KEYS = {
  PITWALL_BRIDGE_ID: 'bridgeId',
  PITWALL_BRIDGE_SECRET: 'secret',
  PITWALL_BRIDGE_SERVER_URL: 'serverUrl',
  PITWALL_BRIDGE_DATA_DIR: 'dataDir',
  PITWALL_BRIDGE_LOG_LEVEL: 'logLevel',
  PITWALL_BRIDGE_READERS: 'readers',
  PITWALL_BRIDGE_SENSORS: 'sensors',
  PITWALL_BRIDGE_CARD_DEBOUNCE_MS: 'cardDebounceMs',
  PITWALL_BRIDGE_SENSOR_DEBOUNCE_MS: 'sensorDebounceMs',
  PITWALL_BRIDGE_OUTBOX_MAX_EVENTS: 'outbox.maxEvents',
  PITWALL_BRIDGE_OUTBOX_MAX_BYTES: 'outbox.maxBytes',
  PITWALL_BRIDGE_MAX_IN_FLIGHT: 'maxInFlight',
  PITWALL_BRIDGE_KEEPALIVE_SECONDS: 'keepaliveSeconds',
  PITWALL_BRIDGE_RECONNECT_MS: 'reconnectMs',
  PITWALL_BRIDGE_TLS_CA: 'tls.caFile',
  PITWALL_BRIDGE_CONSOLE: 'console',
} as const;
export type EnvVariable = keyof typeof ENV_KEYS;

const NUMERIC = new Set<string>([
  'cardDebounceMs',
  'sensorDebounceMs',
  'outbox.maxEvents',
  'outbox.maxBytes',
  'maxInFlight',
  'keepaliveSeconds',
  'reconnectMs',
]);

export interface EnvOverrides {
  /** Dotted key → raw value, e.g. `outbox.maxEvents` → 5000. */
  values: Record<string, unknown>;
  /** Dotted key → the variable that set it. */
  sources: Record<string, EnvVariable>;
  errors: string[];
}

export function readEnvOverrides(env: Record<string, string | undefined>): EnvOverrides {
  const out: EnvOverrides = { values: {}, sources: {}, errors: [] };
  for (const [variable, key] of Object.entries(ENV_KEYS) as [EnvVariable, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const text = raw.trim();
    out.sources[key] = variable;
    try {
      if (key === 'readers') out.values[key] = parseReaderList(text);
      else if (key === 'sensors') out.values[key] = parseSensorList(text);
      else if (key === 'console') out.values[key] = parseFlag(text);
      else if (NUMERIC.has(key)) out.values[key] = parseInteger(text);
      else out.values[key] = key === 'secret' ? raw : text;
    } catch (err) {
      out.errors.push(`${variable}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** `r1:pcsc:ACR122U,r2:simulated` → reader configs. The match is everything after the second colon. */
export function parseReaderList(text: string): unknown[] {
  return splitList(text).map((item) => {
    const [id, driver, ...rest] = item.split(':');
    if (!id || !driver)
      throw new Error(`"${item}" must be id:driver[:reader-name], e.g. r1:pcsc:ACR122 or r1:simulated`);
    if (driver === 'simulated') {
      if (rest.length) throw new Error(`"${item}": a simulated reader takes no reader name`);
      return { id, driver };
    }
    if (driver === 'pcsc') {
      const match = rest.join(':').trim();
      return match ? { id, driver, match } : { id, driver };
    }
    throw new Error(`"${item}": unknown reader driver "${driver}" (use pcsc or simulated)`);
  });
}

const SENSOR_FLAGS: Record<string, Record<string, unknown>> = {
  'active-low': { activeLow: true },
  'pull-up': { bias: 'pull-up' },
  'pull-down': { bias: 'pull-down' },
  'bias-disable': { bias: 'disable' },
  sysfs: { backend: 'sysfs' },
  gpiomon: { backend: 'gpiomon' },
};

/**
 * `s1:lift:gpio:17,s2:bay:simulated` → sensor configs. A GPIO line is `17` (on gpiochip0) or
 * `gpiochip1/17`, optionally followed by flags: `:active-low`, `:pull-up`, `:pull-down`, `:sysfs`.
 */
export function parseSensorList(text: string): unknown[] {
  return splitList(text).map((item) => {
    const [id, kind, driver, line, ...flags] = item.split(':');
    if (!id || !kind || !driver) {
      throw new Error(`"${item}" must be id:kind:driver[:line], e.g. s1:lift:gpio:17 or s2:bay:simulated`);
    }
    if (driver === 'simulated') {
      if (line !== undefined) throw new Error(`"${item}": a simulated sensor takes no GPIO line`);
      return { id, kind, driver };
    }
    if (driver !== 'gpio')
      throw new Error(`"${item}": unknown sensor driver "${driver}" (use gpio or simulated)`);
    const match = /^(?:([A-Za-z0-9_.-]+)\/)?(\d{1,4})$/.exec(line ?? '');
    if (!match)
      throw new Error(
        `"${item}": a gpio sensor needs a line number, e.g. ${id}:${kind}:gpio:17 or :gpiochip1/17`,
      );
    const config: Record<string, unknown> = { id, kind, driver, line: Number(match[2]) };
    if (match[1]) config.chip = match[1];
    for (const flag of flags) {
      const extra = SENSOR_FLAGS[flag];
      if (!extra)
        throw new Error(`"${item}": unknown flag "${flag}" (use ${Object.keys(SENSOR_FLAGS).join(', ')})`);
      Object.assign(config, extra);
    }
    return config;
  });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseInteger(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`must be a whole number (got "${text}")`);
  return Number(text);
}

function parseFlag(text: string): boolean {
  if (['1', 'true', 'yes', 'on'].includes(text.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false;
  throw new Error(`must be 1 or 0 (got "${text}")`);
}

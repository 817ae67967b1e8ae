import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../../firmware-bridge/src/config/load-config.ts';
import {
  parseReaderList,
  parseSensorList,
  readEnvOverrides,
} from '../../../firmware-bridge/src/config/env-overrides.ts';

const env = {
  PITWALL_BRIDGE_ID: 'lift-3',
  PITWALL_BRIDGE_SECRET: 's3cret',
  PITWALL_BRIDGE_SERVER_URL: 'mqtt://station:1883',
  PITWALL_BRIDGE_READERS: 'r1:pcsc:ACR122',
};

function problems(sources: Parameters<typeof resolveConfig>[0]): string[] {
  try {
    resolveConfig(sources);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('bridge configuration', () => {
  it('builds a full configuration from the environment alone, with defaults', () => {
    const config = resolveConfig({
      env: { ...env, PITWALL_BRIDGE_SENSORS: 's1:lift:gpio:17,s2:bay:simulated' },
    });
    expect(config).toMatchObject({
      bridgeId: 'lift-3',
      secret: 's3cret',
      serverUrl: 'mqtt://station:1883',
      dataDir: './data',
      logLevel: 'info',
      readers: [{ id: 'r1', driver: 'pcsc', match: 'ACR122' }],
      sensors: [
        {
          id: 's1',
          kind: 'lift',
          driver: 'gpio',
          line: 17,
          chip: 'gpiochip0',
          activeLow: false,
          bias: 'as-is',
          backend: 'auto',
        },
        { id: 's2', kind: 'bay', driver: 'simulated' },
      ],
      cardDebounceMs: 1500,
      sensorDebounceMs: 300,
      outbox: { maxEvents: 100_000, maxBytes: 64 * 1024 * 1024 },
      maxInFlight: 200,
      keepaliveSeconds: 10,
      console: false,
    });
  });

  it('lets the environment win over the file, and merges nested keys', () => {
    const config = resolveConfig({
      env: {
        PITWALL_BRIDGE_SERVER_URL: 'mqtts://station.example:8883',
        PITWALL_BRIDGE_OUTBOX_MAX_EVENTS: '5000',
        PITWALL_BRIDGE_LOG_LEVEL: 'debug',
      },
      file: {
        path: '/etc/pitwall-bridge/config.json',
        content: {
          bridgeId: 'lift-1',
          secret: 'x',
          serverUrl: 'mqtt://old:1883',
          readers: [{ id: 'r1', driver: 'simulated' }],
          outbox: { maxBytes: 1048576 },
        },
      },
    });
    expect(config.serverUrl).toBe('mqtts://station.example:8883');
    expect(config.outbox).toEqual({ maxEvents: 5000, maxBytes: 1048576 });
    expect(config.logLevel).toBe('debug');
    expect(config.bridgeId).toBe('lift-1');
  });

  it('names the environment variable of each wrong value, all at once', () => {
    const found = problems({
      env: {
        ...env,
        PITWALL_BRIDGE_ID: 'Lift 3',
        PITWALL_BRIDGE_SERVER_URL: 'http://station',
        PITWALL_BRIDGE_LOG_LEVEL: 'loud',
        PITWALL_BRIDGE_MAX_IN_FLIGHT: 'many',
      },
    });
    expect(found).toHaveLength(4);
    expect(found.some((p) => p.startsWith('PITWALL_BRIDGE_ID:'))).toBe(true);
    expect(found.some((p) => p.startsWith('PITWALL_BRIDGE_SERVER_URL:') && p.includes('mqtt://'))).toBe(true);
    expect(found.some((p) => p.startsWith('PITWALL_BRIDGE_LOG_LEVEL:'))).toBe(true);
    expect(found.some((p) => p.startsWith('PITWALL_BRIDGE_MAX_IN_FLIGHT:'))).toBe(true);
  });

  it('names the missing required settings with both the variable and the file key', () => {
    const found = problems({
      env: {},
      file: { path: 'c.json', content: { readers: [{ id: 'r1', driver: 'simulated' }] } },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PITWALL_BRIDGE_ID \(or "bridgeId" in c\.json\)/),
        expect.stringMatching(/^PITWALL_BRIDGE_SECRET \(or "secret" in c\.json\)/),
        expect.stringMatching(/^PITWALL_BRIDGE_SERVER_URL/),
      ]),
    );
  });

  it('points into a device list by item', () => {
    const found = problems({ env: { ...env, PITWALL_BRIDGE_READERS: 'r1:simulated,R2:simulated' } });
    expect(found).toEqual([expect.stringMatching(/^PITWALL_BRIDGE_READERS \(item 2, id\)/)]);
  });

  it('refuses duplicate ids and a bridge with no device', () => {
    expect(problems({ env: { ...env, PITWALL_BRIDGE_READERS: 'r1:simulated,r1:pcsc' } })).toEqual([
      expect.stringContaining('"r1" is used twice'),
    ]);
    expect(problems({ env: { ...env, PITWALL_BRIDGE_READERS: '' } })).toEqual([
      expect.stringContaining('at least one reader or sensor'),
    ]);
  });

  it('refuses a file that is not an object', () => {
    expect(problems({ env, file: { path: 'c.json', content: [1, 2] } })).toEqual([
      'c.json: must contain a JSON object',
    ]);
  });

  it('parses reader and sensor lists, with GPIO chips and flags', () => {
    expect(parseReaderList('r1:pcsc:ACS ACR122U PICC Interface 01, r2:simulated, r3:pcsc')).toEqual([
      { id: 'r1', driver: 'pcsc', match: 'ACS ACR122U PICC Interface 01' },
      { id: 'r2', driver: 'simulated' },
      { id: 'r3', driver: 'pcsc' },
    ]);
    expect(parseSensorList('s1:lift:gpio:gpiochip1/27:active-low:pull-up,s2:bay:gpio:529:sysfs')).toEqual([
      {
        id: 's1',
        kind: 'lift',
        driver: 'gpio',
        line: 27,
        chip: 'gpiochip1',
        activeLow: true,
        bias: 'pull-up',
      },
      { id: 's2', kind: 'bay', driver: 'gpio', line: 529, backend: 'sysfs' },
    ]);
  });

  it.each([
    ['PITWALL_BRIDGE_READERS', 'r1', /id:driver/],
    ['PITWALL_BRIDGE_READERS', 'r1:usb', /unknown reader driver "usb"/],
    ['PITWALL_BRIDGE_SENSORS', 's1:lift:gpio', /needs a line number/],
    ['PITWALL_BRIDGE_SENSORS', 's1:lift:gpio:17:inverted', /unknown flag "inverted"/],
    ['PITWALL_BRIDGE_SENSORS', 's1:lift:relay:17', /unknown sensor driver/],
    ['PITWALL_BRIDGE_CONSOLE', 'maybe', /1 or 0/],
  ])('explains a malformed %s=%s', (variable, value, message) => {
    const { errors } = readEnvOverrides({ [variable]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${variable}: `));
    expect(errors[0]).toMatch(message);
  });

  it('keeps the secret exactly as given', () => {
    expect(readEnvOverrides({ PITWALL_BRIDGE_SECRET: ' a b ' }).values.secret).toBe(' a b ');
  });
});

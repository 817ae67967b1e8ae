import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gpioSensorSchema } from '../../../firmware-bridge/src/config/config-schema.ts';
import { BridgeController } from '../../../firmware-bridge/src/controller/controller.ts';
import { createBridgeLogger } from '../../../firmware-bridge/src/logger.ts';
import { GpioSensor } from '../../../firmware-bridge/src/sensors/gpio/gpio-sensor.ts';
import type { SensorChange } from '../../../firmware-bridge/src/sensors/sensor.ts';
import { BRIDGE_ID, bridgeConfig, SECRET, tempDir } from './support/bridge-fixtures.ts';
import { TestBroker, waitFor } from './support/test-broker.ts';

const logger = createBridgeLogger('silent');

/** Fake libgpiod tools: gpiomon follows an events file (tail -F), gpioget prints a level file. */
async function fakeTools(dir: string, version: 'v1.6.3' | 'v2.1.1') {
  const events = join(dir, 'events.txt');
  const level = join(dir, 'level.txt');
  const calls = join(dir, 'calls.txt');
  await writeFile(events, '');
  await writeFile(level, '0\n');
  const gpiomon = join(dir, 'gpiomon');
  const gpioget = join(dir, 'gpioget');
  await writeFile(
    gpiomon,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "gpiomon (libgpiod) ${version}"; exit 0; fi\necho "gpiomon $*" >> "${calls}"\nexec tail -n 0 -F -s 0.02 "${events}" 2>/dev/null\n`,
  );
  await writeFile(gpioget, `#!/bin/sh\necho "gpioget $*" >> "${calls}"\ncat "${level}"\n`);
  await chmod(gpiomon, 0o755);
  await chmod(gpioget, 0o755);
  return {
    tools: { gpiomon, gpioget },
    edge: (line: string) => appendFile(events, `${line}\n`),
    setLevel: (value: 0 | 1) => writeFile(level, `${value}\n`),
    calls: async () => (await readFile(calls, 'utf8')).trim().split('\n'),
  };
}

const gpioConfig = (extra: Record<string, unknown> = {}) =>
  gpioSensorSchema.parse({ id: 's1', kind: 'lift', driver: 'gpio', line: 17, ...extra });

describe('GPIO sensors', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let sensor: GpioSensor | null = null;

  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await sensor?.stop();
    sensor = null;
    await dir.remove();
  });

  it('reads the initial level with gpioget, then debounced edges from gpiomon (libgpiod 1.x)', async () => {
    const fake = await fakeTools(dir.path, 'v1.6.3');
    sensor = new GpioSensor(gpioConfig({ bias: 'pull-up' }), 150, logger, fake.tools);
    const changes: SensorChange[] = [];
    sensor.on('change', (change) => changes.push(change));
    await sensor.start();
    await waitFor(() => changes.length === 1, 'initial state');
    expect(changes[0]).toMatchObject({ state: 'lowered', initial: true });
    expect(sensor.ok).toBe(true);
    await expect
      .poll(fake.calls)
      .toEqual([
        'gpioget --bias=pull-up gpiochip0 17',
        'gpiomon --line-buffered --format=%e %o --bias=pull-up gpiochip0 17',
      ]);

    // contact bounce: up, down, up within the debounce time gives one "raised"
    const before = Date.now();
    await fake.edge('1 17');
    await fake.edge('0 17');
    await fake.edge('1 17');
    await fake.edge('1 18'); // another line: ignored
    await waitFor(() => changes.length === 2, 'raised', 5_000);
    expect(changes[1]).toMatchObject({ state: 'raised', initial: false });
    expect(changes[1]!.at.getTime()).toBeGreaterThanOrEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toHaveLength(2);

    await fake.edge('0 17');
    await waitFor(() => changes.length === 3, 'lowered', 5_000);
    expect(changes[2]!.state).toBe('lowered');
  });

  it('understands libgpiod 2.x arguments and edge codes, and active-low inputs', async () => {
    const fake = await fakeTools(dir.path, 'v2.1.1');
    await fake.setLevel(1);
    sensor = new GpioSensor(gpioConfig({ kind: 'bay', activeLow: true }), 0, logger, fake.tools);
    const changes: SensorChange[] = [];
    sensor.on('change', (change) => changes.push(change));
    await sensor.start();
    await waitFor(() => changes.length === 1, 'initial state');
    expect(changes[0]).toMatchObject({ state: 'free', initial: true }); // high on an active-low input
    await expect
      .poll(fake.calls)
      .toEqual(['gpioget --numeric --chip=gpiochip0 17', 'gpiomon --chip=gpiochip0 --format=%e %o 17']);
    await fake.edge('2 17'); // falling edge in libgpiod 2
    await waitFor(() => changes.length === 2, 'occupied', 5_000);
    expect(changes[1]!.state).toBe('occupied');
  });

  it('reports ok:false when gpiomon cannot run and keeps retrying', async () => {
    sensor = new GpioSensor(gpioConfig({ backend: 'gpiomon' }), 0, logger, {
      gpiomon: join(dir.path, 'missing-gpiomon'),
      gpioget: join(dir.path, 'missing-gpioget'),
    });
    const errors: Error[] = [];
    sensor.on('error', (err) => errors.push(err));
    await sensor.start();
    await waitFor(() => errors.length >= 1, 'error reported');
    expect(sensor.ok).toBe(false);
    expect(errors[0]!.message).toMatch(/not found \(install the Debian package gpiod\)/);
  });

  it('polls sysfs when asked to', async () => {
    const root = join(dir.path, 'gpio');
    await mkdir(join(root, 'gpio17'), { recursive: true });
    await writeFile(join(root, 'export'), '');
    await writeFile(join(root, 'gpio17', 'value'), '1\n');
    sensor = new GpioSensor(gpioConfig({ backend: 'sysfs' }), 0, logger, { sysfsRoot: root, pollMs: 10 });
    const changes: SensorChange[] = [];
    sensor.on('change', (change) => changes.push(change));
    await sensor.start();
    await waitFor(() => changes.length === 1, 'initial');
    expect(changes[0]).toMatchObject({ state: 'raised', initial: true });
    await writeFile(join(root, 'gpio17', 'value'), '0\n');
    await waitFor(() => changes.length === 2, 'lowered');
    expect(changes[1]!.state).toBe('lowered');
    expect(await readFile(join(root, 'gpio17', 'direction'), 'utf8')).toBe('in');
  });

  it('reports a sensor state at start only when it differs from the last one reported, across restarts', async () => {
    const broker = new TestBroker({ [BRIDGE_ID]: SECRET });
    await broker.start();
    const fake = await fakeTools(dir.path, 'v1.6.3');
    const dataDir = join(dir.path, 'data');
    const run = async () => {
      const config = bridgeConfig(broker.url, dataDir, {
        readers: [],
        sensors: [{ id: 's1', kind: 'lift', driver: 'gpio', line: 17 }],
      });
      const gpio = new GpioSensor(gpioConfig(), 0, logger, fake.tools);
      const controller = new BridgeController({ config, logger, sensors: [gpio] });
      await controller.start();
      await waitFor(() => gpio.state !== null, 'sensor read');
      await controller.outbox.flush();
      await waitFor(() => controller.outbox.pendingCount === 0 && controller.isConnected, 'settled');
      await controller.stop();
    };
    try {
      await run();
      expect(broker.eventMessages('lift').map((m) => (m.json as { state: string }).state)).toEqual([
        'lowered',
      ]);
      await run(); // same level: nothing new
      expect(broker.eventMessages('lift')).toHaveLength(1);
      await fake.setLevel(1);
      await run(); // the lift went up while the bridge was off
      expect(broker.eventMessages('lift').map((m) => (m.json as { state: string }).state)).toEqual([
        'lowered',
        'raised',
      ]);
    } finally {
      await broker.stop();
    }
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../../firmware-bridge/src/backoff.ts';
import { createBridgeLogger } from '../../../firmware-bridge/src/logger.ts';
import type { CardTap } from '../../../firmware-bridge/src/readers/card-reader.ts';
import { PcscReader } from '../../../firmware-bridge/src/readers/pcsc/pcsc-reader.ts';
import { tempDir } from './support/bridge-fixtures.ts';
import { waitFor } from './support/test-broker.ts';

const FAKE_WORKER = fileURLToPath(new URL('./fixtures/fake-pcsc-worker.ts', import.meta.url));
const logger = createBridgeLogger('silent');

describe('PcscReader: the worker process, restarts and watchdog (with a fake worker)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let reader: PcscReader | null = null;
  let logFile = '';

  const makeReader = (scenario: string, extra: Partial<ConstructorParameters<typeof PcscReader>[0]> = {}) => {
    process.env.FAKE_PCSC_SCENARIO = scenario;
    process.env.FAKE_PCSC_LOG = logFile;
    reader = new PcscReader({
      id: 'r1',
      match: 'ACR122',
      logger,
      workerPath: FAKE_WORKER,
      backoff: new Backoff(50, 200),
      ...extra,
    });
    return reader;
  };
  const lines = async () =>
    (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);

  beforeEach(async () => {
    dir = await tempDir();
    logFile = join(dir.path, 'worker.log');
  });
  afterEach(async () => {
    await reader?.stop();
    reader = null;
    delete process.env.FAKE_PCSC_SCENARIO;
    delete process.env.FAKE_PCSC_LOG;
    await dir.remove();
  });

  it('forwards cards as upper-case UIDs, follows plug/unplug in ok, passes the match and the feedback', async () => {
    const pcsc = makeReader('cards');
    const cards: CardTap[] = [];
    const okChanges: string[] = [];
    pcsc.on('card', (tap) => cards.push(tap));
    pcsc.on('ready', () => okChanges.push('ready'));
    pcsc.on('removed', () => okChanges.push('removed'));
    await pcsc.start();
    await waitFor(() => okChanges.length === 3, 'ready, removed, ready');
    expect(okChanges).toEqual(['ready', 'removed', 'ready']);
    expect(pcsc.ok).toBe(true);
    expect(cards.map((c) => c.uid)).toEqual(['04A1B2C3D4E5F6']);
    pcsc.signal('accepted');
    pcsc.signal('rejected');
    await expect.poll(lines).toEqual(['start match=ACR122', 'feedback accepted', 'feedback rejected']);
  });

  it('restarts a crashing worker with backoff and reports ok:false in between', async () => {
    const pcsc = makeReader('crash');
    let removed = 0;
    pcsc.on('removed', () => (removed += 1));
    await pcsc.start();
    await waitFor(() => pcsc.starts >= 3, 'three starts', 10_000);
    expect(removed).toBeGreaterThanOrEqual(2);
    await expect
      .poll(async () => (await lines()).filter((l) => l.startsWith('start')).length, { timeout: 5_000 })
      .toBeGreaterThanOrEqual(3);
  });

  it('kills a hung worker (no pong) and starts a new one', async () => {
    const pcsc = makeReader('hang', { pingIntervalMs: 100, pingTimeoutMs: 2_000 });
    await pcsc.start();
    await waitFor(() => pcsc.ok, 'first worker ready');
    await waitFor(() => pcsc.starts >= 2, 'a second worker after the watchdog', 10_000);
    await expect
      .poll(async () => (await lines()).filter((l) => l.startsWith('start')).length, { timeout: 5_000 })
      .toBeGreaterThanOrEqual(2);
  });

  it('waits long before retrying when nfc-pcsc is not installed, and never crashes the bridge', async () => {
    const pcsc = makeReader('missing', { missingModuleRetryMs: 60_000 });
    const errors: Error[] = [];
    pcsc.on('error', (err) => errors.push(err));
    await pcsc.start();
    await waitFor(() => errors.length === 1, 'fatal reported');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pcsc.starts).toBe(1);
    expect(pcsc.ok).toBe(false);
    expect(errors[0]!.message).toMatch(/nfc-pcsc/);
  });
});

/**
 * npx tsx scripts/bench-board-memory.ts [--minutes 5] [--speed 12] [--interval 15]
 *
 * The bay board's memory under the simulated shop floor. Needs the built web apps (`npm run build`);
 * builds nothing itself. Starts the real station as a child process (server/src/main.ts, what
 * `npm start` runs) on a throw-away embedded PostgreSQL in a temp PITWALL_DATA_DIR, free ports, the demo
 * station and its simulated shop floor at `speed` (12 = an hour of shop floor in 5 real minutes). Signs
 * in as the demo manager, registers a board device, pairs /board in headless Chromium by typing its code,
 * then for `minutes` real minutes samples every `interval` seconds: the page's JS heap (CDP
 * Runtime.getHeapUsage), its DOM nodes (CDP Performance.getMetrics `Nodes`, which includes detached
 * nodes not yet collected, and the elements in the document), its JS event listeners and the socket.io
 * deltas the page received (counted from the WebSocket frames: all deltas and `floor.updated`). A GC is
 * forced (HeapProfiler.collectGarbage) before the first and the last sample. Prints a table and a
 * summary; cleans up the browser, the server (SIGTERM) and the temp directory also on error or Ctrl-C.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { ApiClient } from '../tests/support/api-client.ts';
import { freePort } from '../tests/support/postgres.ts';
import { spawnServer, type ServerProcess } from '../tests/support/server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const KIOSK_DIST = path.join(ROOT, 'kiosk', 'dist');
const CHROMIUM = process.env.PITWALL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const MANAGER = { login: 'manager', password: 'pitwall-demo' };

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    speed: { type: 'string', default: '12' },
    interval: { type: 'string', default: '15' },
  },
});
const MINUTES = Number(values.minutes);
const SPEED = Number(values.speed);
const INTERVAL_S = Number(values.interval);
for (const [name, value] of [
  ['--minutes', MINUTES],
  ['--speed', SPEED],
  ['--interval', INTERVAL_S],
] as const) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} must be a positive number`);
    process.exit(2);
  }
}

interface Sample {
  realS: number;
  simMin: number;
  heapUsed: number;
  heapTotal: number;
  nodes: number;
  elements: number;
  listeners: number;
  deltas: number;
  floorDeltas: number;
  online: boolean;
  gc: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

let server: ServerProcess | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await browser?.close().catch(() => undefined);
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.kill('SIGTERM');
      const exited = await Promise.race([server.exited().then(() => true), sleep(30_000).then(() => false)]);
      if (!exited) {
        console.error('The server did not stop within 30 s of SIGTERM; killing it.');
        server.kill('SIGKILL');
        await Promise.race([server.exited(), sleep(5_000)]);
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function startServer(): Promise<{ baseUrl: string }> {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pitwall-bench-board-'));
  // The embedded PostgreSQL's initdb runs as the postgres user when we are root: it must enter the dir.
  chmodSync(dataDir, 0o755);
  const httpPort = await freePort();
  const env = {
    PITWALL_DATA_DIR: dataDir,
    PITWALL_HTTP_HOST: '127.0.0.1',
    PITWALL_HTTP_PORT: String(httpPort),
    PITWALL_MQTT_HOST: '127.0.0.1',
    PITWALL_MQTT_PORT: String(await freePort()),
    PITWALL_EMBEDDED_DB_PORT: String(await freePort()),
    PITWALL_DEMO: '1',
    PITWALL_SIMULATE: '1',
    PITWALL_SIMULATE_SPEED: String(SPEED),
    PITWALL_KIOSK_DIR: KIOSK_DIST,
    PITWALL_LOG_LEVEL: 'warn',
    PITWALL_SHUTDOWN_TIMEOUT_MS: '3000',
  };
  server = spawnServer(env);
  await server.waitFor('is running', 180_000);
  return { baseUrl: `http://127.0.0.1:${httpPort}` };
}

async function pairingCode(baseUrl: string): Promise<string> {
  const manager = new ApiClient(baseUrl);
  const login = await manager.post('/api/auth/login', MANAGER);
  if (login.status !== 200) {
    throw new Error(`signing in as the demo manager failed: ${login.status} ${JSON.stringify(login.body)}`);
  }
  const device = await manager.post('/api/devices', { name: 'Memory bench board', scope: 'board' });
  if (device.status !== 201) {
    throw new Error(`registering the board failed: ${device.status} ${JSON.stringify(device.body)}`);
  }
  return (device.body as { pairingCode: string }).pairingCode;
}

async function sample(
  page: Page,
  cdp: CDPSession,
  counters: { deltas: number; floorDeltas: number },
  startedAt: number,
  gc: boolean,
): Promise<Sample> {
  if (gc) {
    // Twice: the first pass may leave weakly held or finalizer-bound objects for the second.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const heap = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  // A string, not a function: the scripts are typechecked without the DOM library.
  const inPage = await page.evaluate<{ elements: number; online: boolean }>(`({
    elements: document.getElementsByTagName('*').length,
    online: document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-tone') === 'success',
  })`);
  const realS = (Date.now() - startedAt) / 1000;
  return {
    realS,
    simMin: (realS * SPEED) / 60,
    heapUsed: heap.usedSize,
    heapTotal: heap.totalSize,
    nodes: metric('Nodes'),
    elements: inPage.elements,
    listeners: metric('JSEventListeners'),
    deltas: counters.deltas,
    floorDeltas: counters.floorDeltas,
    online: inPage.online,
    gc,
  };
}

function printRow(s: Sample): void {
  console.log(
    [
      s.realS.toFixed(0).padStart(6),
      s.simMin.toFixed(0).padStart(7),
      mb(s.heapUsed).padStart(9),
      mb(s.heapTotal).padStart(9),
      String(s.nodes).padStart(7),
      String(s.elements).padStart(8),
      String(s.listeners).padStart(9),
      String(s.deltas).padStart(7),
      String(s.floorDeltas).padStart(7),
      (s.online ? 'online' : 'OFFLINE').padEnd(7),
      s.gc ? 'GC' : '',
    ].join('  '),
  );
}

async function main(): Promise<void> {
  if (!existsSync(path.join(KIOSK_DIST, 'index.html')) || !existsSync(path.join(KIOSK_DIST, 'board'))) {
    throw new Error(`The web apps are not built (${KIOSK_DIST} is missing); run \`npm run build\` first.`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM} (set PITWALL_CHROMIUM or apt-get install chromium)`,
    );
  }

  console.log(`Starting the demo station with the simulated shop floor at ×${SPEED}…`);
  const t0 = Date.now();
  const { baseUrl } = await startServer();
  console.log(`Station up in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${baseUrl}`);
  const code = await pairingCode(baseUrl);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1920, height: 1080 } });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // socket.io frames: `42["delta",{…"event":{"type":"floor.updated",…}}]` (counted outside the page, so
  // the counting itself holds nothing in the page's heap).
  const counters = { deltas: 0, floorDeltas: 0, sockets: 0 };
  page.on('websocket', (ws) => {
    counters.sockets += 1;
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' || !payload.startsWith('42["delta"')) return;
      counters.deltas += 1;
      if (payload.includes('"type":"floor.updated"')) counters.floorDeltas += 1;
    });
  });

  await page.goto('/board');
  await page.getByTestId('pairing-code').pressSequentially(code.replace('-', ''));
  await page.getByTestId('pair').click();
  await page.getByTestId('board').waitFor();
  await page.locator('[data-testid="connection-status"][data-tone="success"]').waitFor();
  const liftCards = await page.getByTestId('lift-card').count();
  console.log(`Board paired (${liftCards} lift cards); sampling every ${INTERVAL_S} s for ${MINUTES} min.\n`);

  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');

  console.log('  real  sim min  heap MB  total MB    nodes  elements  listeners  deltas  floor Δ  status');
  const samples: Sample[] = [];
  const startedAt = Date.now();
  const durationMs = MINUTES * 60_000;
  samples.push(await sample(page, cdp, counters, startedAt, true));
  printRow(samples[0]!);
  for (let next = INTERVAL_S * 1000; ; next += INTERVAL_S * 1000) {
    const last = next >= durationMs;
    const at = startedAt + Math.min(next, durationMs);
    await sleep(Math.max(0, at - Date.now()));
    if (server && (server.child.exitCode !== null || server.child.signalCode !== null)) {
      throw new Error(`the server exited during the run; its output:\n${server.output()}`);
    }
    const s = await sample(page, cdp, counters, startedAt, last);
    samples.push(s);
    printRow(s);
    if (last) break;
  }

  const first = samples[0]!;
  const end = samples.at(-1)!;
  const max = samples.reduce((m, s) => (s.heapUsed > m.heapUsed ? s : m), first);
  const simHours = (end.realS * SPEED) / 3600;
  const growthPerSimHour = (end.heapUsed - first.heapUsed) / simHours;
  const offline = samples.filter((s) => !s.online).length;
  console.log(`
Summary (${MINUTES} real min at ×${SPEED} = ${(simHours * 60).toFixed(0)} simulated min)
  JS heap used, after GC:  start ${mb(first.heapUsed)} MB, end ${mb(end.heapUsed)} MB
  JS heap used, max:       ${mb(max.heapUsed)} MB (at ${max.realS.toFixed(0)} s, ${max.gc ? 'after' : 'without'} GC)
  growth per sim. hour:    ${growthPerSimHour >= 0 ? '+' : ''}${(growthPerSimHour / 1024).toFixed(1)} KB
  DOM nodes (CDP Nodes):   start ${first.nodes}, end ${end.nodes}
  elements in document:    start ${first.elements}, end ${end.elements}
  JS event listeners:      start ${first.listeners}, end ${end.listeners}
  deltas received:         ${end.deltas} (${end.floorDeltas} floor.updated; ${(end.floorDeltas / (end.realS / 60)).toFixed(1)}/real min) over ${counters.sockets} WebSocket(s)
  samples offline:         ${offline} of ${samples.length}
  page errors:             ${pageErrors.length === 0 ? 'none' : pageErrors.join(' | ')}`);
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`bench-board-memory failed: ${(err as Error).stack ?? String(err)}`);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);

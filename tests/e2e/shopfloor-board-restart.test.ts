import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { KIOSK_DIST, SCREENSHOT_DIR } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/postgres.ts';
import { killAllServers, spawnServer, type ServerProcess } from '../support/server-process.ts';

/**
 * The real server process (`npm start`'s entry point) on fixed ports, stopped and started again under a
 * paired bay board: the board must say it is offline, then heal by itself with no reload.
 */
const CHROMIUM = process.env.PITWALL_CHROMIUM ?? '/usr/bin/chromium';
let database: TestDatabase | undefined;
let dataDir: string | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  killAllServers();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = spawnServer(env);
  await server.waitFor('is running', 90_000);
  return server;
}

describe('bay board and a station restart', () => {
  it('shows offline when the server stops and recovers by itself when it is back', async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pitwall-e2e-restart-'));
    const env = {
      PITWALL_DATABASE_URL: database.url,
      PITWALL_DATA_DIR: dataDir,
      PITWALL_HTTP_HOST: '127.0.0.1',
      PITWALL_HTTP_PORT: String(await freePort()),
      PITWALL_MQTT_HOST: '127.0.0.1',
      PITWALL_MQTT_PORT: String(await freePort()),
      PITWALL_DEMO: '0',
      PITWALL_TIMEZONE: 'Europe/Moscow',
      PITWALL_KIOSK_DIR: KIOSK_DIST,
      PITWALL_SHUTDOWN_TIMEOUT_MS: '3000',
    };
    const baseUrl = `http://127.0.0.1:${env.PITWALL_HTTP_PORT}`;
    let server = await start(env);

    const owner = new ApiClient(baseUrl);
    const setup = await owner.post('/api/setup/owner', {
      login: 'owner',
      displayName: 'Olga Owner',
      password: 'restart-garage-owner',
      stationName: 'Restart Garage',
    });
    expect(setup.status, JSON.stringify(setup.body)).toBeLessThan(300);
    const lift = await owner.post('/api/lifts', { code: 'R1', name: 'Restart lift', kind: 'two_post' });
    expect(lift.status, JSON.stringify(lift.body)).toBe(201);
    const device = await owner.post('/api/devices', { name: 'Wall board', scope: 'board' });
    expect(device.status).toBe(201);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      headless: true,
    });
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1920, height: 1080 } });
    context.setDefaultTimeout(20_000);
    const board = await context.newPage();
    const errors: string[] = [];
    board.on('pageerror', (e) => errors.push(e.message));
    await board.goto('/board');
    await board.getByTestId('pairing-code').fill(device.body.pairingCode);
    await board.getByTestId('pair').click();
    const online = board.locator('[data-testid="connection-status"][data-tone="success"]');
    await online.waitFor();
    const card = board.locator(`[data-testid="lift-card"][data-lift-id="${lift.body.id}"]`);
    await card.waitFor();

    // The station stops: the board says so, keeps the last picture (dimmed), and does not go blank.
    await server.kill('SIGTERM');
    await server.exited();
    await board.getByTestId('offline-banner').waitFor();
    expect(await board.getByTestId('board').getAttribute('data-status')).not.toBe('online');
    expect(await card.count()).toBe(1);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await board.screenshot({
      path: path.join(SCREENSHOT_DIR, 'shopfloor-board-offline.png'),
      fullPage: true,
    });

    // The station is back on the same address: the board reconnects and resyncs with no reload.
    server = await start(env);
    await board.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 30_000 });
    await online.waitFor();
    await card.waitFor();
    expect(await board.getByTestId('board').getAttribute('data-status')).toBe('online');
    await board.screenshot({
      path: path.join(SCREENSHOT_DIR, 'shopfloor-board-recovered.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    await server.kill('SIGTERM');
    await server.exited();
  }, 240_000);
});

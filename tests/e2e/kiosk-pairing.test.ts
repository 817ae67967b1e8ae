import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { presentLift } from '../../server/src/modules/scheduler/index.ts';
import { signedIn, makeLift, makeUser } from '../support/factories.ts';
import { useBrowserStation } from '../support/browser.ts';
import type { TestStation } from '../support/test-station.ts';

const browser = useBrowserStation();
const BOARD = { width: 1920, height: 1080 };

/** Registers a board through the API and pairs the page at /board with its code, until it is online. */
async function pairBoard(station: TestStation, page: Page): Promise<Page> {
  const { client } = await signedIn(station, 'manager');
  const created = await client.post('/api/devices', { name: 'Wall board', scope: 'board' });
  expect(created.status).toBe(201);
  await page.goto('/board');
  await page.getByTestId('pairing-code').fill(created.body.pairingCode);
  await page.getByTestId('pair').click();
  await page.getByTestId('board').waitFor();
  await page.locator('[data-testid="connection-status"][data-tone="success"]').waitFor();
  return page;
}

describe('kiosk pairing', () => {
  it('a manager adds a lift kiosk; its code typed on /lift pairs the kiosk, which shows its lift online; revoking sends it back', async () => {
    const { station, newPage, screenshot } = browser();
    const lift = await makeLift(station, { code: 'L7', name: 'Lift 7 — two-post' });
    const manager = await makeUser(station, 'manager');

    const desk = await newPage();
    await desk.goto('/');
    await desk.getByTestId('login-login').fill(manager.login);
    await desk.getByTestId('login-password').fill(manager.password);
    await desk.getByTestId('login-submit').click();
    await desk.getByTestId('nav-devices').click();
    await desk.getByTestId('device-add').click();
    const dialog = desk.getByTestId('device-dialog');
    await dialog.getByTestId('device-scope').selectOption('lift');
    await dialog.getByTestId('device-lift').selectOption(lift.id);
    expect(await dialog.getByTestId('device-name').inputValue()).toBe('Kiosk — Lift 7 — two-post');
    await dialog.getByTestId('device-save').click();

    const codeDialog = desk.getByTestId('pairing-code-dialog');
    const code = (await codeDialog.getByTestId('pairing-code').textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    await codeDialog.getByTestId('pairing-expiry').waitFor();
    await screenshot(desk, 'kiosk-pairing-code-on-desk');
    await codeDialog.getByTestId('pairing-done').click();

    // A second computer: the screen at the lift.
    const kiosk = await newPage({ viewport: BOARD });
    await kiosk.goto('/lift');
    const input = kiosk.getByTestId('pairing-code');
    // Typed as a person would: lower case, no dash; the screen formats it as XXXX-XXXX.
    await input.pressSequentially(code.replace('-', '').toLowerCase());
    expect(await input.inputValue()).toBe(code);
    await screenshot(kiosk, 'kiosk-pairing-code-typed');
    await kiosk.getByTestId('pair').click();

    await kiosk.getByTestId('lift-name').getByText('Lift 7 — two-post').waitFor();
    await kiosk.locator('[data-testid="connection-status"][data-tone="success"]').waitFor();
    expect(await kiosk.getByTestId('connection-status').textContent()).toContain('Online');
    expect(await kiosk.getByTestId('offline-banner').count()).toBe(0);
    expect(await kiosk.evaluate("localStorage.getItem('pitwall.lift.deviceToken')")).toBeTruthy();
    await screenshot(kiosk, 'kiosk-lift-paired-online');

    // A reload keeps the pairing: the token is remembered.
    await kiosk.reload();
    await kiosk.getByTestId('lift-name').getByText('Lift 7 — two-post').waitFor();

    // The desk's list now shows the kiosk as paired; revoking it returns the kiosk to its pairing screen.
    await desk.reload();
    const row = desk.getByTestId('devices-table').locator('tr', { hasText: 'Kiosk — Lift 7' });
    await row.getByText('Paired').waitFor();
    await row.getByTestId('device-revoke').click();
    await desk.getByTestId('confirm').click();
    await kiosk.getByTestId('pairing-code').waitFor();
    expect(await kiosk.evaluate("localStorage.getItem('pitwall.lift.deviceToken')")).toBeNull();
    await screenshot(kiosk, 'kiosk-lift-revoked');
    expect(browser().pageErrors).toEqual([]);
  });

  it('a wrong code is refused on the kiosk with a visible message', async () => {
    const { newPage, screenshot } = browser();
    const kiosk = await newPage({ viewport: BOARD });
    await kiosk.goto('/board');
    await kiosk.getByTestId('pairing-code').pressSequentially('ABCD2345');
    await kiosk.getByTestId('pair').click();
    const error = kiosk.getByTestId('pairing-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('This code is wrong or has expired');
    await screenshot(kiosk, 'kiosk-board-wrong-code');
  });

  it('the bay board pairs and shows one card per lift', async () => {
    const { station, newPage, screenshot } = browser();
    await makeLift(station, { code: 'B1', name: 'Bay 1' });
    await makeLift(station, { code: 'B2', name: 'Bay 2' });
    const board = await pairBoard(station, await newPage({ viewport: BOARD }));
    expect(await board.getByTestId('lift-card').count()).toBeGreaterThanOrEqual(2);
    expect(await board.getByTestId('board').textContent()).toContain('Bay 2');
    await screenshot(board, 'kiosk-board-paired');
  });

  it('the board applies deltas live, shows the offline banner when dropped and resyncs on its own', async () => {
    const { station, newPage, screenshot } = browser();
    const lift = await makeLift(station, { code: 'R1', name: 'Resync lift' });
    const board = await pairBoard(station, await newPage({ viewport: BOARD }));
    const card = board.locator(`[data-testid="lift-card"][data-lift-id="${lift.id}"]`);
    await card.getByText('In service').waitFor();

    // A delta: the lift goes out of order.
    await lift.update({ status: 'out_of_order' });
    station.realtime.publish('board', { type: 'lift.updated', lift: presentLift(lift) });
    await card.getByText('Out of order').waitFor();

    // The station drops every socket; meanwhile the lift is renamed with no delta sent.
    station.realtime.io.disconnectSockets(true);
    await lift.update({ name: 'Renamed while offline' });
    await board.getByTestId('offline-banner').waitFor();
    await screenshot(board, 'kiosk-board-offline');
    // The board reconnects by itself and the fresh snapshot carries the change it missed.
    await card.getByText('Renamed while offline').waitFor();
    await board.getByTestId('offline-banner').waitFor({ state: 'detached' });
    expect(await board.getByTestId('connection-status').getAttribute('data-tone')).toBe('success');
  });
});

import { describe, expect, it } from 'vitest';
import { connectBridge, connected, refused } from '../support/bridges.ts';
import { makeLift, makeUser, signedIn } from '../support/factories.ts';
import { useBrowserStation } from '../support/browser.ts';

const browser = useBrowserStation();

describe('desk: lift bridges', () => {
  it('a manager registers a bridge: its secret is shown once, works on the broker, and a new one replaces it', async () => {
    const { station, newPage, screenshot } = browser();
    const lift = await makeLift(station, { code: 'BR1', name: 'Bridge lift' });
    const manager = await makeUser(station, 'manager');
    const page = await newPage();
    await page.goto('/');
    await page.getByTestId('login-login').fill(manager.login);
    await page.getByTestId('login-password').fill(manager.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-shopfloor/bridges').click();
    await page.getByRole('heading', { name: 'Lift bridges', level: 1 }).waitFor();

    // A wrong id is refused before sending.
    await page.getByTestId('bridge-register').click();
    const dialog = page.getByTestId('bridge-dialog');
    await dialog.getByTestId('bridge-id').fill('Lift One!');
    await dialog.getByTestId('bridge-name').fill('Bridge at lift 1');
    await dialog.getByTestId('bridge-save').click();
    await dialog.getByText('Lower-case letters, digits and dashes').first().waitFor();
    await dialog.getByTestId('bridge-id').fill('e2e-lift-1');
    await dialog.getByTestId('bridge-location').fill('Bay 1, left wall');
    await dialog.getByTestId('bridge-save').click();

    const secretDialog = page.getByTestId('bridge-secret-dialog');
    const secret = await secretDialog.getByTestId('bridge-secret').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(20);
    expect(await secretDialog.textContent()).toContain('shown only this once');
    await screenshot(page, 'shopfloor-bridge-secret-once');
    await secretDialog.getByTestId('bridge-secret-done').click();
    await secretDialog.waitFor({ state: 'hidden' });

    // Shown once: neither the page nor the API has it any more.
    const row = page.locator('[data-testid="bridge-row"][data-bridge-id="e2e-lift-1"]');
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);
    const { client } = await signedIn(station, 'manager');
    const listed = await client.get('/api/bridges');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    // The secret from the screen is the bridge's real credential on the broker.
    const mqtt = connectBridge(station, { id: 'e2e-lift-1', secret });
    await connected(mqtt);
    const tableRow = page.getByTestId('bridges-table').locator('tr', { hasText: 'Bridge at lift 1' });
    await page.reload();
    await tableRow.getByTestId('bridge-state').getByText('Online').waitFor();
    mqtt.end(true);

    // Bind the reader r1 to the lift: it shows in the list.
    await tableRow.getByTestId('bridge-bindings').click();
    const bindings = page.getByTestId('bindings-dialog');
    await bindings.getByTestId('binding-device').fill('r1');
    await bindings.getByTestId('binding-kind').selectOption('reader');
    await bindings.getByTestId('binding-target').selectOption(lift.id);
    await bindings.getByTestId('binding-save').click();
    await bindings.locator('[data-testid="binding-row"][data-device-id="r1"]').waitFor();
    // A sensor cannot serve the entrance: the choice is not offered.
    await bindings.getByTestId('binding-kind').selectOption('lift_sensor');
    expect(await bindings.getByTestId('binding-target').locator('option').allTextContents()).not.toContain(
      'Entrance (clock in/out)',
    );
    await screenshot(page, 'shopfloor-bridge-bindings');
    await page.keyboard.press('Escape');
    await tableRow.getByText('BR1').waitFor();
    const bridge = await client.get('/api/bridges/e2e-lift-1');
    expect(bridge.body.bindings).toMatchObject([{ deviceId: 'r1', kind: 'reader', liftId: lift.id }]);

    // A new secret: shown once again; the old one stops working, the new one works.
    await tableRow.getByTestId('bridge-rotate').click();
    await page.getByTestId('confirm').click();
    const rotated = await secretDialog.getByTestId('bridge-secret').inputValue();
    expect(rotated).not.toBe(secret);
    await secretDialog.getByTestId('bridge-secret-done').click();
    const old = connectBridge(station, { id: 'e2e-lift-1', secret });
    expect(await refused(old)).toBeTruthy();
    old.end(true);
    const renewed = connectBridge(station, { id: 'e2e-lift-1', secret: rotated });
    await connected(renewed);
    renewed.end(true);

    // Revoked: marked so in the list, and its secret no longer connects.
    await tableRow.getByTestId('bridge-revoke').click();
    await page.getByTestId('confirm').click();
    await tableRow.getByTestId('bridge-state').getByText('Revoked').waitFor();
    const afterRevoke = connectBridge(station, { id: 'e2e-lift-1', secret: rotated });
    expect(await refused(afterRevoke)).toBeTruthy();
    afterRevoke.end(true);
    expect(browser().pageErrors).toEqual([]);
  });

  it('a duplicate bridge id is refused with a visible message, and an advisor has no bridges screen', async () => {
    const { station, newPage } = browser();
    const { client } = await signedIn(station, 'manager');
    expect((await client.post('/api/bridges', { id: 'dup-1', name: 'First' })).status).toBe(201);
    const manager = await makeUser(station, 'manager');
    const page = await newPage();
    await page.goto('/');
    await page.getByTestId('login-login').fill(manager.login);
    await page.getByTestId('login-password').fill(manager.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-shopfloor/bridges').click();
    await page.getByTestId('bridge-register').click();
    const dialog = page.getByTestId('bridge-dialog');
    await dialog.getByTestId('bridge-id').fill('dup-1');
    await dialog.getByTestId('bridge-name').fill('Second');
    await dialog.getByTestId('bridge-save').click();
    await page.getByTestId('bridge-dialog').getByRole('alert').first().waitFor();
    expect(await page.getByTestId('bridge-secret-dialog').isVisible()).toBe(false);

    const advisor = await makeUser(station, 'advisor');
    const other = await newPage();
    await other.goto('/');
    await other.getByTestId('login-login').fill(advisor.login);
    await other.getByTestId('login-password').fill(advisor.password);
    await other.getByTestId('login-submit').click();
    await other.getByTestId('user-menu').waitFor();
    expect(await other.getByTestId('nav-shopfloor/bridges').count()).toBe(0);
    expect(await other.getByTestId('nav-shopfloor/floor').count()).toBe(1);
  });
});

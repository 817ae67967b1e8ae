import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStation } from '../support/browser.ts';
import { makeLift, makeUser, signedIn } from '../support/factories.ts';
import {
  makeLocation,
  makeOrderWithParts,
  makePart,
  makeSupplier,
  stockUp,
} from '../support/factories-warehouse.ts';
import { asFactory } from '../support/factories.ts';
import { setStockLimit } from '../../server/src/modules/warehouse/index.ts';

const browser = useBrowserStation();

async function signIn(page: Page, login: string, password: string) {
  await page.goto('/');
  await page.getByTestId('login-login').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

describe('the storekeeper’s desk', () => {
  it('finds a part by a number typed with spaces and dashes, receives stock, and issues a lift’s request from the live queue', async () => {
    const { station, newPage, screenshot } = browser();
    const keeper = await makeUser(station, 'storekeeper', { login: 'sveta' });
    const location = await makeLocation(station, { code: 'MAIN', name: 'Main store', isDefault: true });
    const part = await makePart(station, {
      sku: 'BO-0451103316',
      name: 'Oil filter',
      brand: 'BOSCH',
      cost: 45_000,
      numbers: [{ kind: 'oem', brand: 'VAG', number: '06A115561B' }],
    });
    await stockUp(station, part.id, location.id, 2, 45_000);
    const page = await newPage();
    await signIn(page, keeper.login, keeper.password);

    // Catalogue: the OEM number as people type it, with spaces and dashes; Enter submits (a scanner's Enter).
    await page.getByTestId('nav-warehouse/parts').click();
    const search = page.getByTestId('catalogue-search');
    await search.fill('06a 115-561 b');
    await search.press('Enter');
    const row = page.locator(`[data-testid="catalogue-row"][data-sku="${part.sku}"]`);
    await row.waitFor();
    expect(await page.getByTestId('catalogue-row').count()).toBe(1);
    const results = page.getByTestId('catalogue-results');
    expect(await results.textContent()).toContain('Oil filter');
    expect(await results.textContent()).toContain('OEM 06A115561B');
    // Stock per location on the result.
    expect(await page.getByTestId('catalogue-location').first().textContent()).toContain('MAIN: 2');
    await screenshot(page, 'warehouse-catalogue-search');

    // The part card, then a receipt of five more.
    await page.getByTestId('catalogue-open').click();
    await page.getByRole('heading', { name: 'Oil filter', level: 1 }).waitFor();
    expect(await page.getByTestId('part-on-hand').textContent()).toBe('2');
    await page.getByTestId('part-receive').click();
    const dialog = page.getByTestId('receive-dialog');
    await dialog.getByTestId('receive-quantity').fill('5');
    await dialog.getByTestId('receive-document').fill('INV-778');
    await dialog.getByTestId('receive-save').click();
    await page.locator('[data-testid="part-on-hand"]', { hasText: /^7$/ }).waitFor();
    expect(await page.getByTestId('part-available').textContent()).toBe('7');
    await page.locator('[data-testid="ledger-row"][data-kind="receipt"]').first().waitFor();
    expect(await page.getByTestId('ledger-row').count()).toBe(2);
    expect(await page.getByTestId('toast').first().textContent()).toMatch(/Receipt .* posted/);
    await screenshot(page, 'warehouse-part-card-received');

    // The live queue is open when the mechanic asks for parts at the lift (through the API).
    await page.getByTestId('nav-warehouse/requests').click();
    await page.getByText('No one is waiting for parts').waitFor();
    const lift = await makeLift(station, { code: 'L3', name: 'Lift 3' });
    const { order, job } = await makeOrderWithParts(station, [{ partId: part.id, quantity: 1 }]);
    const mechanic = (await signedIn(station, 'mechanic')).client;
    const asked = await mechanic.post('/api/warehouse/parts-requests', {
      orderId: order.id,
      jobId: job.id,
      liftId: lift.id,
      note: 'front axle',
    });
    expect(asked.status).toBe(201);
    const queued = page.locator(`[data-testid="queue-row"][data-number="${asked.body.number}"]`);
    // No reload, and well inside the 30 s fallback poll: the desk room's parts.request delta reloads it.
    await queued.waitFor({ timeout: 5_000 });
    const queueText = (await page.getByTestId('queue-table').textContent()) ?? '';
    expect(queueText).toContain('L3');
    expect(queueText).toContain('Oil filter');
    expect(await page.getByTestId('queue-wait').first().textContent()).toMatch(/\d+ (s|min)/);
    await screenshot(page, 'warehouse-parts-queue');

    await page.getByTestId('queue-issue').click();
    await queued.waitFor({ state: 'detached' });
    await page.getByText('No one is waiting for parts').waitFor();
    const issued = await mechanic.get(`/api/warehouse/parts-requests/${asked.body.id}`);
    expect(issued.body.status).toBe('issued');
    const card = await mechanic.get(`/api/warehouse/parts/${part.id}`);
    expect(card.body.stock).toEqual({ onHand: 6, reserved: 0, available: 6 });
    await screenshot(page, 'warehouse-parts-queue-issued');
    expect(browser().pageErrors).toEqual([]);
  });

  it('the import shows the file’s preview, then each bad row with its column, and imports nothing', async () => {
    const { station, newPage, screenshot } = browser();
    const keeper = await makeUser(station, 'storekeeper');
    const page = await newPage();
    await signIn(page, keeper.login, keeper.password);
    await page.getByTestId('nav-warehouse/import').click();

    const csv = [
      'SKU,Name,Price,Unit',
      'E2E-001,Good part,100.00,pcs',
      'E2E-002,,12.345,pcs',
      'E2E-003,Odd unit,5,bucket',
    ].join('\n');
    await page.getByTestId('import-file').setInputFiles({
      name: 'bad-catalogue.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('E2E-003');
    expect(await preview.textContent()).toContain('bucket');
    await screenshot(page, 'warehouse-import-preview');

    await page.getByTestId('import-start').click();
    await page.locator('[data-testid="import-error-row"][data-row="3"]').first().waitFor();
    const report = (await page.getByTestId('import-errors').textContent()) ?? '';
    expect(report).toContain('the name is empty');
    expect(report).toContain('Price');
    expect(report).toContain('unknown unit "bucket"');
    expect(await page.getByTestId('import-status').textContent()).toContain('Rejected');
    expect(await page.locator('[data-testid="import-progress"] progress').getAttribute('value')).toBe('100');
    await screenshot(page, 'warehouse-import-row-errors');

    const client = (await signedIn(station, 'storekeeper')).client;
    expect((await client.get('/api/warehouse/parts?q=E2E-001')).body).toEqual([]);
    expect(browser().pageErrors).toEqual([]);
  });

  it('turns reorder suggestions into a draft purchase order, sends it and receives it into stock', async () => {
    const { station, newPage, screenshot } = browser();
    const keeper = await makeUser(station, 'storekeeper');
    const supplier = await makeSupplier(station, 'Autodoc Moscow');
    const location = await makeLocation(station, { code: 'SHELF-A' });
    const part = await makePart(station, {
      sku: 'MN-W712',
      name: 'Oil filter W712',
      cost: 30_000,
      defaultSupplierId: supplier.id,
    });
    await stockUp(station, part.id, location.id, 1, 30_000);
    await asFactory(station, (cx) =>
      setStockLimit(cx, part.id, { locationId: location.id, min: 4, max: 10 }),
    );
    const page = await newPage();
    await signIn(page, keeper.login, keeper.password);

    await page.getByTestId('nav-warehouse/reorder').click();
    await page.locator('[data-testid="reorder-row"]', { hasText: 'MN-W712' }).waitFor();
    expect(await page.getByTestId('reorder-table').textContent()).toContain('Autodoc Moscow');
    await screenshot(page, 'warehouse-reorder-suggestions');
    await page.getByTestId('reorder-create').click();
    const created = page.getByTestId('reorder-created').getByRole('link');
    await created.first().waitFor();
    await created.first().click();

    await page.locator('[data-testid="po-status"]', { hasText: 'Draft' }).waitFor();
    expect(await page.getByTestId('po-lines').textContent()).toContain('MN-W712');
    await page.getByTestId('po-send').click();
    await page.getByRole('button', { name: 'Mark as sent' }).last().click();
    await page.locator('[data-testid="po-status"]', { hasText: 'Sent' }).waitFor();

    await page.getByTestId('po-receive').click();
    const dialog = page.getByTestId('receive-dialog');
    // Prefilled with what is still to come (max 10 − on hand 1 = 9).
    expect(await dialog.getByTestId('receive-quantity').inputValue()).toBe('9');
    await dialog.getByTestId('receive-location').selectOption(location.id);
    await dialog.getByTestId('receive-save').click();
    await page.locator('[data-testid="po-status"]', { hasText: 'Received' }).waitFor();
    expect(await page.getByTestId('po-line-received').textContent()).toBe('9');
    await screenshot(page, 'warehouse-purchase-order-received');

    const client = (await signedIn(station, 'storekeeper')).client;
    const card = await client.get(`/api/warehouse/parts/${part.id}`);
    expect(card.body.stock).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(browser().pageErrors).toEqual([]);
  });
});

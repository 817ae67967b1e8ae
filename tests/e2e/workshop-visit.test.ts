import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seeds/demo/index.ts';
import { useBrowserStation } from '../support/browser.ts';

/** The demo station: lifts, customers with cars, canned jobs and today's bookings. */
const browser = useBrowserStation({ env: { PITWALL_DEMO: '1' } });

const SLOT_PX = 14;
const GRID_START_MINUTES = 7 * 60;
const yOf = (minutes: number) => ((minutes - GRID_START_MINUTES) / 15) * SLOT_PX;

async function signIn(page: Page, login: string) {
  await page.goto('/');
  await page.getByTestId('login-login').fill(login);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

/** Drags with the mouse inside a lift's lane, from one station-local minute to another (and lane). */
async function drag(
  page: Page,
  from: { lane: Locator; minutes: number },
  to: { lane: Locator; minutes: number },
) {
  const a = (await from.lane.boundingBox())!;
  const b = (await to.lane.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + yOf(from.minutes) + 3);
  await page.mouse.down();
  for (let step = 1; step <= 6; step++) {
    const x = a.x + a.width / 2 + ((b.x - a.x) * step) / 6;
    const y = a.y + yOf(from.minutes) + 3 + ((b.y + yOf(to.minutes) - a.y - yOf(from.minutes)) * step) / 6;
    await page.mouse.move(x, y);
  }
  await page.mouse.up();
}

describe('workshop: a whole visit on the desk', () => {
  it('the advisor finds the customer, books a lift by dragging, fills the order, records approval and payment, and downloads the invoice', async () => {
    const { newPage, screenshot } = browser();
    const page = await newPage({ viewport: { width: 1440, height: 1400 } });
    await signIn(page, 'advisor');

    // 1. Find the customer by a fragment of the phone number (+7 985 220-33-08).
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('220-33');
    // The whole list first, then only the match once the search has answered.
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(1);
    const row = page.getByTestId('customer-row').filter({ hasText: 'Наталья Павлова' });
    expect(await row.count()).toBe(1);
    await screenshot(page, 'workshop-customer-found-by-phone');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Наталья Павлова', level: 1 }).waitFor();
    expect(await page.getByTestId('customer-vehicles').textContent()).toContain('С505УХ750');

    // 2. Book the car on the inspection pit by dragging 16:00–17:00 on today's grid.
    await page.getByTestId('nav-scheduler').click();
    await page.getByTestId('booking-block').first().waitFor();
    const pit = page.locator('[data-testid="lane"][data-lift-name="Inspection pit"]');
    // From the 16:00 slot down to the 16:45 one.
    await drag(page, { lane: pit, minutes: 16 * 60 }, { lane: pit, minutes: 16 * 60 + 45 });
    const booking = page.getByTestId('booking-dialog');
    await booking.waitFor();
    expect(await booking.getByTestId('booking-start').inputValue()).toBe('16:00');
    expect(await booking.getByTestId('booking-duration').inputValue()).toBe('60');
    await booking.getByTestId('booking-picker-input').fill('Павлова');
    await booking.getByTestId('booking-picker-option').first().click();
    await booking.getByTestId('booking-customer').waitFor();
    expect(await booking.getByTestId('booking-order').inputValue()).toBe('new');
    await booking.getByTestId('booking-title').fill('Oil service and wipers');
    await screenshot(page, 'workshop-booking-dialog');
    await booking.getByTestId('booking-save').click();
    const block = pit.getByTestId('booking-block').filter({ hasText: 'С505УХ750' });
    await block.waitFor();
    expect(await block.textContent()).toContain('16:00–17:00');
    await screenshot(page, 'workshop-scheduler-booked');

    // 3. Open the order from the booking.
    await block.click();
    await page.getByTestId('booking-detail').waitFor();
    await page.getByTestId('booking-open-order').click();
    await page.getByTestId('order-status').waitFor();
    expect(await page.getByTestId('order-status').textContent()).toContain('Estimate');
    const orderUrl = page.url();

    // 4. A canned job in one step: labour, a part and a consumable.
    await page.getByTestId('add-canned').click();
    const canned = page.getByTestId('canned-dialog');
    await canned.getByTestId('canned-option').filter({ hasText: 'Oil service' }).click();
    await canned.getByTestId('canned-apply').click();
    await page.getByTestId('job-line').filter({ hasText: 'Engine oil and filter change' }).waitFor();
    expect(await page.getByTestId('part-line').count()).toBe(2);

    // 5. A part recommended to the customer (two wiper blades at 850 ₽).
    await page.getByTestId('add-part').click();
    const part = page.getByTestId('part-dialog');
    await part.getByTestId('part-sku').fill('WB-600');
    await part.getByTestId('part-name').fill('Wiper blade');
    await part.getByTestId('part-quantity').fill('2');
    await part.getByTestId('part-price').fill('850');
    await part.getByTestId('part-recommended').check();
    await part.getByTestId('part-price').press('Enter');
    const wipers = page.getByTestId('part-line').filter({ hasText: 'Wiper blade' });
    await wipers.waitFor();
    expect(await wipers.textContent()).toContain('Pending');
    // Not approved yet: out of the total. Oil service = 1 250 + 650 + 3 990 = 5 890 ₽.
    expect(await page.getByTestId('order-total').textContent()).toMatch(/5,890\.00/);

    // 6. The customer approves on the phone.
    await page.getByTestId('record-decision').click();
    const decision = page.getByTestId('decision-dialog');
    await decision.getByTestId('decision-via').selectOption('phone');
    await decision.getByTestId('decision-save').click();
    await page.getByTestId('approval-pending').waitFor({ state: 'detached' });
    expect(await wipers.textContent()).toContain('Approved');
    expect(await page.getByTestId('order-total').textContent()).toMatch(/7,590\.00/);

    // 7. Approve the order, then a partial payment by card.
    await page.getByTestId('transition-approved').click();
    await page.getByTestId('order-status').getByText('Approved').waitFor();
    await page.getByTestId('take-payment').click();
    const payment = page.getByTestId('payment-dialog');
    await payment.getByTestId('payment-method').selectOption('card');
    await payment.getByTestId('payment-amount').fill('5000');
    await payment.getByTestId('payment-save').click();
    await page.getByTestId('payment-line').waitFor();
    expect(await page.getByTestId('order-paid').textContent()).toMatch(/5,000\.00/);
    expect(await page.getByTestId('order-balance').textContent()).toMatch(/2,590\.00/);
    await screenshot(page, 'workshop-order-paid-in-part');

    // 8. The invoice downloads as a real PDF with the customer's Cyrillic name in it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('doc-download-invoice').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^WO-\d{4}-\d{6}-invoice\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('Наталья Павлова');
    expect(text).toContain('Wiper blade');

    // 9. Back on the scheduler: dragging the booking onto an occupied slot is refused, with the reason.
    await page.getByTestId('nav-scheduler').click();
    await block.waitFor();
    const scissor = page.locator('[data-testid="lane"][data-lift-name="Lift 4 — scissor"]');
    await drag(page, { lane: pit, minutes: 16 * 60 + 15 }, { lane: scissor, minutes: 15 * 60 + 30 });
    const problem = page.getByTestId('schedule-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/Lift 4 — scissor is already booked 15:00–16:00/);
    // The booking stayed where it was.
    await pit.getByTestId('booking-block').filter({ hasText: 'С505УХ750' }).waitFor();
    expect(await scissor.getByTestId('booking-block').filter({ hasText: 'С505УХ750' }).count()).toBe(0);
    await screenshot(page, 'workshop-scheduler-drag-refused');

    // The order is still reachable by its address (a reload keeps the screen).
    await page.goto(orderUrl);
    expect(await page.getByTestId('order-balance').textContent()).toMatch(/2,590\.00/);
    expect(browser().pageErrors).toEqual([]);
  });

  it('a new customer with a phone already on file gets the duplicate warning, and the manager merges the two', async () => {
    const { newPage, screenshot } = browser();
    const page = await newPage({ viewport: { width: 1366, height: 1000 } });
    await signIn(page, 'manager');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-create').click();
    const dialog = page.getByTestId('customer-dialog');
    await dialog.getByTestId('customer-name').fill('Sergey Smirnov');
    // Сергей Смирнов's number, typed another way.
    await dialog.getByTestId('customer-phone').fill('8 (916) 123-45-01');
    await dialog.getByTestId('customer-phone').press('Enter');
    const duplicates = dialog.getByTestId('customer-duplicates');
    await duplicates.waitFor();
    expect(await duplicates.textContent()).toContain('Сергей Смирнов');
    await screenshot(page, 'workshop-duplicate-warning');
    await dialog.getByTestId('customer-force').click();
    await page.getByRole('heading', { name: 'Sergey Smirnov', level: 1 }).waitFor();

    // Open the original and merge the duplicate into it.
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('123-45-01');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(2);
    await page.getByTestId('customer-row').filter({ hasText: 'Сергей Смирнов' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Сергей Смирнов', level: 1 }).waitFor();
    await page.getByTestId('customer-merge').click();
    const merge = page.getByTestId('merge-dialog');
    await merge.getByTestId('merge-picker-input').fill('Sergey');
    await merge.getByTestId('merge-picker-option').filter({ hasText: 'Sergey Smirnov' }).click();
    const confirm = page.getByTestId('merge-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Everything of Sergey Smirnov moves to Сергей Смирнов');
    await confirm.getByRole('button', { name: 'Merge' }).click();
    await page
      .getByTestId('toast')
      .filter({ hasText: 'Sergey Smirnov was merged into Сергей Смирнов' })
      .waitFor();

    // The duplicate is gone from searches.
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('123-45-01');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(1);
    expect(await page.getByTestId('customer-row').textContent()).toContain('Сергей Смирнов');
    expect(browser().pageErrors).toEqual([]);
  });
});

import type { Page } from 'playwright-core';
import { QueryTypes } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seeds/demo/index.ts';
import { ApiClient } from '../support/api-client.ts';
import { useBrowserStation } from '../support/browser.ts';
import { TestClock } from '../support/test-clock.ts';

/** 10:00 in Moscow tomorrow: working hours, whatever time the test runs. */
const clock = new TestClock();
const tomorrow = new Date(Date.now() + 86_400_000);
clock.set(new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 7)));

const browser = useBrowserStation({ env: { PITWALL_DEMO: '1' }, clock });

async function signIn(page: Page, login: string) {
  await page.goto('/');
  await page.getByTestId('login-login').fill(login);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

async function api(login: string) {
  const client = new ApiClient(browser().station.baseUrl);
  const res = await client.post('/api/auth/login', { login, password: DEMO_PASSWORD });
  expect(res.status).toBe(200);
  return { client, userId: res.body.user.id as string };
}

const sql = <T extends object>(query: string, replacements: Record<string, unknown> = {}) =>
  browser().station.deps.sequelize.query<T>(query, { type: QueryTypes.SELECT, replacements });

describe('CRM on the customer card', () => {
  it('the advisor opens a demo customer’s card and sees the points, their history and the delivery log', async () => {
    const { newPage, screenshot } = browser();
    const advisor = await api('advisor');
    // A demo customer the advisor may see, with messages in the outbox (the seed's bookings and hand-overs).
    const [picked] = await sql<{ id: string; name: string }>(
      `SELECT c.id, c.name FROM customers c
        WHERE c.merged_into_id IS NULL AND (c.owner_id IS NULL OR c.owner_id = :me)
          AND EXISTS (SELECT 1 FROM notification_messages m WHERE m.customer_id = c.id)
        ORDER BY (SELECT count(*) FROM loyalty_ledger l WHERE l.customer_id = c.id) DESC, c.name LIMIT 1`,
      { me: advisor.userId },
    );
    expect(picked).toBeDefined();
    const customer = picked!;
    // Points: the seed's paid hand-overs earned some; if this one has none, the owner adds a goodwill credit.
    const [ledger] = await sql<{ n: string; balance: string }>(
      `SELECT count(*) AS n, coalesce(sum(points), 0) AS balance FROM loyalty_ledger WHERE customer_id = :id`,
      { id: customer.id },
    );
    if (Number(ledger!.n) === 0) {
      const owner = await api('owner');
      const adjusted = await owner.client.post(`/api/crm/customers/${customer.id}/loyalty/adjust`, {
        points: 250,
        note: 'Goodwill for the browser test',
      });
      expect(adjusted.status).toBe(200);
    }
    const [after] = await sql<{ n: string; balance: string }>(
      `SELECT count(*) AS n, coalesce(sum(points), 0) AS balance FROM loyalty_ledger WHERE customer_id = :id`,
      { id: customer.id },
    );
    const balance = Number(after!.balance);
    expect(balance).toBeGreaterThan(0);
    const [messages] = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM notification_messages WHERE customer_id = :id`,
      { id: customer.id },
    );

    const page = await newPage();
    await signIn(page, 'advisor');
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();
    const panel = page.getByTestId('crm-customer-panel');
    await panel.waitFor();

    // Loyalty: the balance the ledger sums to, and the history lines.
    const shown = panel.getByTestId('loyalty-balance');
    await shown.waitFor();
    expect(Number(await shown.getAttribute('data-points'))).toBe(balance);
    expect(await shown.textContent()).toContain(String(balance));
    await panel.getByTestId('loyalty-tier').waitFor();
    const ledgerRows = panel.locator('[data-testid="loyalty-ledger"] [data-testid="ledger-row"]');
    await ledgerRows.first().waitFor();
    expect(await ledgerRows.count()).toBe(Math.min(10, Number(after!.n)));

    // The delivery log: this customer's messages with their status; the consents per channel.
    const logRows = panel.locator(
      '[data-testid="customer-log"] [data-testid="log-row"][data-type="message"]',
    );
    await logRows.first().waitFor();
    expect(await logRows.count()).toBe(Math.min(10, Number(messages!.n)));
    const statuses = await logRows.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));
    for (const s of statuses)
      expect(['queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled']).toContain(s);
    await panel.getByTestId('consent-sms-service').waitFor();
    // The advisor cannot manage the outbox: no resend or outbox link, but may record an opt-out.
    expect(await panel.getByTestId('customer-outbox-link').count()).toBe(0);
    expect(await panel.getByTestId('log-details').count()).toBe(0);
    await panel.getByTestId('customer-messages').scrollIntoViewIfNeeded();
    await screenshot(page, 'crm-customer-card-panel');

    // Segment and survey answers load without an error (the customer may have none yet).
    await panel.getByTestId('customer-segment').waitFor();
    expect(await panel.getByTestId('crm-insights').getByRole('alert').count()).toBe(0);

    // An opt-out of SMS marketing recorded by the advisor shows in the log and on the consents.
    const marketing = panel.getByTestId('consent-sms-marketing');
    if ((await marketing.getAttribute('data-granted')) === 'true') {
      await panel.getByTestId('customer-opt-out').click();
      const dialog = page.getByTestId('opt-out-dialog');
      await dialog.getByTestId('opt-out-note').fill('Asked at the desk');
      const done = page.waitForResponse((r) => r.url().endsWith('/opt-out') && r.status() === 200);
      await dialog.getByTestId('opt-out-submit').click();
      await done;
      await panel.locator('[data-testid="consent-sms-marketing"][data-granted="false"]').waitFor();
      await panel.locator('[data-testid="log-row"][data-type="opt_out"]').first().waitFor();
      const [optOut] = await sql<{ source: string; note: string }>(
        `SELECT source, note FROM notification_opt_outs WHERE customer_id = :id ORDER BY at DESC LIMIT 1`,
        { id: customer.id },
      );
      expect(optOut).toEqual({ source: 'advisor', note: 'Asked at the desk' });
    }
    expect(browser().pageErrors).toEqual([]);
  });

  it('the manager filters the outbox by the customer from the card', async () => {
    const { newPage, screenshot } = browser();
    const [row] = await sql<{ id: string; name: string; n: string }>(
      `SELECT c.id, c.name, count(*) AS n FROM notification_messages m JOIN customers c ON c.id = m.customer_id
        GROUP BY c.id, c.name ORDER BY count(*) DESC LIMIT 1`,
    );
    const page = await newPage();
    await signIn(page, 'manager');
    await page.goto(`/customers/${row!.id}`);
    const panel = page.getByTestId('crm-customer-panel');
    await panel.getByTestId('customer-outbox-link').click();
    await page.getByTestId('outbox-customer').filter({ hasText: row!.name }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/notifications/outbox/customer/${row!.id}`);
    await page.locator('[data-testid="outbox-table"] [data-testid="outbox-row"]').first().waitFor();
    const shown = await page.locator('[data-testid="outbox-table"] [data-testid="outbox-row"]').count();
    expect(shown).toBe(Math.min(25, Number(row!.n)));
    await page
      .getByTestId('pagination-range')
      .filter({ hasText: String(row!.n) })
      .waitFor();
    await screenshot(page, 'crm-outbox-one-customer');
    // Back to all customers: more messages than this one's.
    await page.getByTestId('outbox-customer-clear').click();
    await page.getByTestId('outbox-customer-picker').waitFor();
    expect(new URL(page.url()).pathname).toBe('/notifications/outbox');
    expect(browser().pageErrors).toEqual([]);
  });

  it('an import with a bad row shows the row error and writes nothing; fixed, it imports', async () => {
    const { newPage, screenshot } = browser();
    const page = await newPage();
    await signIn(page, 'advisor');
    await page.getByTestId('nav-crm/import').click();
    await page.getByTestId('import-file-input').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'ФИО;Телефон;Марка\nImport Goodman;+7 916 700-11-01;Kia\nImport Badman;12;Lada\nImport Thirdman;+7 916 700-11-03;\n',
      ),
    });
    await page.getByTestId('import-upload').click();
    const preview = page.getByTestId('import-preview-table');
    await preview.getByText('Import Badman').waitFor();
    expect(await page.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('50');
    // The suggested mapping took the Russian headers.
    expect(await page.getByTestId('import-map-name').inputValue()).toBe('ФИО');
    expect(await page.getByTestId('import-map-phone').inputValue()).toBe('Телефон');

    // Straight to "Import": the server refuses the whole file and names the row and column.
    const refused = page.waitForResponse((r) => r.url().includes('/run') && r.request().method() === 'POST');
    await page.getByTestId('import-commit').click();
    expect((await refused).status()).toBe(400);
    await page.getByTestId('import-refused').filter({ hasText: '3' }).waitFor();
    const bad = page.locator('[data-testid="import-report-row"][data-row="3"]');
    await bad.waitFor();
    expect(await bad.getAttribute('data-result')).toBe('error');
    const problem = page.getByRole('row').filter({ has: bad }).getByTestId('import-problem');
    expect(await problem.getAttribute('data-column')).toBe('Телефон');
    await screenshot(page, 'crm-import-bad-row');
    const [none] = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM customers WHERE name IN ('Import Goodman', 'Import Badman', 'Import Thirdman')`,
    );
    expect(Number(none!.n)).toBe(0);

    // A corrected file: check first (dry run, nothing written), then import.
    await page.getByTestId('import-restart').click();
    await page.getByTestId('import-file-input').setInputFiles({
      name: 'customers-fixed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'ФИО;Телефон;Марка\nImport Goodman;+7 916 700-11-01;Kia\nImport Badman;+7 916 700-11-02;Lada\n',
      ),
    });
    await page.getByTestId('import-upload').click();
    await page.getByTestId('import-preview-table').getByText('Import Badman').waitFor();
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-counts').filter({ hasText: '2' }).waitFor();
    expect(await page.getByTestId('import-progress').getAttribute('data-step')).toBe('checked');
    const [stillNone] = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM customers WHERE name IN ('Import Goodman', 'Import Badman')`,
    );
    expect(Number(stillNone!.n)).toBe(0);
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(page, 'crm-import-done');
    const [created] = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM customers WHERE name IN ('Import Goodman', 'Import Badman')`,
    );
    expect(Number(created!.n)).toBe(2);
    expect(browser().pageErrors).toEqual([]);
  });
});

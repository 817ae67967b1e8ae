import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seeds/demo/index.ts';
import { ApiClient } from '../support/api-client.ts';
import { useBrowserStation } from '../support/browser.ts';
import { TestClock } from '../support/test-clock.ts';

/** 11:00 in Moscow tomorrow: outside the SMS quiet hours, whatever time the test runs. */
const clock = new TestClock();
const tomorrow = new Date(Date.now() + 86_400_000);
clock.set(new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 8)));

const browser = useBrowserStation({ env: { PITWALL_DEMO: '1' }, clock });

async function signIn(page: Page, login: string) {
  await page.goto('/');
  await page.getByTestId('login-login').fill(login);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

async function manager() {
  const client = new ApiClient(browser().station.baseUrl);
  expect((await client.post('/api/auth/login', { login: 'manager', password: DEMO_PASSWORD })).status).toBe(
    200,
  );
  return client;
}

describe('notifications on the desk', () => {
  it('the delivery log shows the demo’s messages sent through the simulated channel, with each step', async () => {
    const { station, newPage, screenshot } = browser();
    // The sender job runs every minute on a live station; here it runs by hand, a minute apart (rate limits).
    // The first message the channel takes is refused for good (a blocked number): it can be sent again.
    station.notifications.simulated.failNext(1, 'permanent', 'Number blocked by the operator');
    for (let minute = 0; minute < 3; minute++) {
      await station.notifications.sendDue(clock.now());
      clock.advance(61_000);
    }
    const api = await manager();
    const sent = await api.get('/api/notifications/outbox?status=delivered&limit=200');
    const sentEmails = await api.get('/api/notifications/outbox?status=sent&limit=200');
    const simulated = [...sent.body.items, ...sentEmails.body.items];
    expect(simulated.length).toBeGreaterThan(0);
    expect(simulated.every((m: { provider: string }) => m.provider === 'simulated')).toBe(true);

    const page = await newPage();
    await signIn(page, 'manager');
    await page.getByTestId('nav-notifications/outbox').click();
    await page.locator('[data-testid="outbox-row"]').first().waitFor();
    const filtered = page.waitForResponse(
      (r) => r.url().includes('/api/notifications/outbox?') && r.url().includes('status=delivered'),
    );
    await page.getByTestId('outbox-status').selectOption('delivered');
    await filtered;
    await page.locator('[data-testid="outbox-table"] tbody:not(.loading)').waitFor();
    const rows = page.locator('[data-testid="outbox-row"]');
    expect(await rows.count()).toBe(Math.min(sent.body.total, 50));
    const statuses = await Promise.all((await rows.all()).map((r) => r.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['delivered']));
    await screenshot(page, 'notifications-delivery-log');

    await page.getByTestId('outbox-details').first().click();
    const dialog = page.getByTestId('message-dialog');
    await dialog.getByTestId('message-events').locator('li').nth(1).waitFor();
    const steps = await dialog.getByTestId('message-events').textContent();
    expect(steps).toContain('Queued');
    expect(steps).toContain('Delivered');
    expect(await dialog.textContent()).toContain('simulated');
    // Only a failed or cancelled message is sent again.
    expect(await dialog.getByTestId('message-resend').count()).toBe(0);
    await screenshot(page, 'notifications-message-log');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The failed one: its log says why, and "Send again" queues a copy.
    const failed = await api.get('/api/notifications/outbox?status=failed');
    expect(failed.body.total).toBe(1);
    const onlyFailed = page.waitForResponse((r) => r.url().includes('status=failed'));
    await page.getByTestId('outbox-status').selectOption('failed');
    await onlyFailed;
    await page.locator('[data-testid="outbox-row"][data-status="failed"]').waitFor();
    await page.getByTestId('outbox-details').first().click();
    await dialog.getByText('Number blocked by the operator').first().waitFor();
    await dialog.getByTestId('message-resend').click();
    await page.getByTestId('toast').filter({ hasText: 'Queued again' }).waitFor();
    const queued = await api.get('/api/notifications/outbox?status=queued&limit=200');
    expect(queued.body.items.map((m: { resendOf: string | null }) => m.resendOf)).toContain(
      failed.body.items[0].id,
    );
    expect(browser().pageErrors).toEqual([]);
  });

  it('a template’s live preview shows the encoding and the SMS count; an unknown variable is refused', async () => {
    const { newPage, screenshot } = browser();
    const page = await newPage();
    await signIn(page, 'manager');
    await page.getByTestId('nav-notifications/templates').click();
    await page.getByTestId('templates-channel').selectOption('sms');
    await page.getByTestId('templates-locale').selectOption('ru');
    await page.locator('[data-testid="template-row"][data-kind="car_ready"][data-locale="ru"]').waitFor();
    await page.getByRole('button', { name: 'Edit the template Car ready · SMS · Russian' }).click();
    const sms = page.getByTestId('preview-sms');
    await sms.waitFor();
    expect(await sms.getAttribute('data-encoding')).toBe('UCS-2');

    // 71 Cyrillic letters need two UCS-2 parts (70 fit in one).
    const body = page.getByTestId('template-body');
    await body.fill('Я'.repeat(70));
    await page.locator('[data-testid="preview-sms"][data-segments="1"]').waitFor();
    await body.fill('Я'.repeat(71));
    await page.locator('[data-testid="preview-sms"][data-segments="2"]').waitFor();
    expect(await sms.textContent()).toContain('UCS-2 · 71 characters · 2 SMS');

    await body.fill('{{customerName}}, your car {{car}} is ready.');
    await page.locator('[data-testid="preview-sms"][data-encoding="GSM-7"]').waitFor();
    expect(await page.getByTestId('preview-body').textContent()).not.toContain('{{');
    expect(await sms.textContent()).toContain('1 SMS');
    await screenshot(page, 'notifications-template-preview');

    await body.fill('Hello {{nonsense}}');
    await page.getByTestId('preview-error').waitFor();
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-editor').getByRole('alert').last().waitFor();
    expect(browser().pageErrors).toEqual([]);
  });

  it('rules switch off and on; a campaign shows its recipients and count; channels show their status', async () => {
    const { newPage, screenshot } = browser();
    const api = await manager();
    const page = await newPage();
    await signIn(page, 'manager');

    await page.getByTestId('nav-notifications/rules').click();
    const toggle = page.locator('[data-testid="rule-toggle"][data-code="birthday_greeting"]');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    const saved = page.waitForResponse(
      (r) => r.url().includes('/api/notifications/rules/') && r.status() === 200,
    );
    await toggle.uncheck();
    await saved;
    const rules = await api.get('/api/notifications/rules');
    expect(rules.body.find((r: { code: string }) => r.code === 'birthday_greeting').enabled).toBe(false);
    await screenshot(page, 'notifications-rules');

    await page.getByTestId('nav-notifications/campaigns').click();
    const draft = page.locator('[data-testid="campaign-row"][data-name="Kia owners: spring check-up"]');
    await draft.waitFor();
    await page.getByRole('row').filter({ has: draft }).getByTestId('campaign-recipients').click();
    const count = page.getByTestId('recipients-dialog').getByTestId('recipients-count');
    await count.waitFor();
    const preview = await api.post('/api/notifications/campaigns/preview', {
      source: 'customers.filter',
      sourceParams: { make: 'Kia' },
      channel: 'sms',
    });
    expect(Number(await count.getAttribute('data-total'))).toBe(preview.body.total);
    expect(Number(await count.getAttribute('data-eligible'))).toBe(preview.body.eligible);
    expect(preview.body.total).toBeGreaterThan(0);
    await screenshot(page, 'notifications-campaign-recipients');
    await page.keyboard.press('Escape');

    // A new draft: recipients previewed before saving.
    await page.getByTestId('campaign-create').click();
    const dialog = page.getByTestId('campaign-dialog');
    await dialog.getByTestId('campaign-name').fill('Kia owners: winter tyres');
    await dialog.getByTestId('campaign-make').fill('Kia');
    await dialog.getByTestId('campaign-preview').click();
    await dialog.getByTestId('recipients-count').waitFor();
    expect(Number(await dialog.getByTestId('recipients-count').getAttribute('data-total'))).toBe(
      preview.body.total,
    );
    await dialog.getByTestId('campaign-save').click();
    await dialog.getByText('Give the text in at least one language').waitFor();
    await dialog
      .getByTestId('campaign-text-en')
      .fill('{{customerName}}, winter tyres for your {{car}}: call {{stationPhone}}.');
    await dialog.getByTestId('campaign-save').click();
    await page.locator('[data-testid="campaign-row"][data-name="Kia owners: winter tyres"]').waitFor();

    await page.getByTestId('nav-notifications/channels').click();
    await page.getByTestId('channel-sms').getByTestId('channel-state').waitFor();
    expect(await page.getByTestId('channel-sms').textContent()).toContain('simulated');
    expect(await page.getByTestId('channel-sms').getByTestId('channel-state').textContent()).toContain(
      'ready',
    );
    expect(await page.getByTestId('channel-email').textContent()).toContain('simulated');
    await screenshot(page, 'notifications-channels');
    expect(browser().pageErrors).toEqual([]);
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seeds/demo/index.ts';
import { runEscalation } from '../../server/src/modules/crm/index.ts';
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

const card = (page: Page, number: string) =>
  page.locator(`[data-testid="deal-card"][data-number="${number}"]`);
const column = (page: Page, code: string) =>
  page.locator(`[data-testid="kanban-column"][data-stage="${code}"]`);

/**
 * A real HTML5 drag with the mouse, both ends in view first: `locator.dragTo` scrolls to the target
 * after pressing the button, and the drag would then start from whichever card scrolled under it.
 */
async function dragCard(page: Page, number: string, toStage: string) {
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  const from = (await card(page, number).boundingBox())!;
  const to = (await column(page, toStage).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 8 });
  await page.mouse.up();
}

describe('CRM on the desk', () => {
  it('a website request appears in the leads inbox, is converted, and its deal is dragged on the kanban', async () => {
    const { station, newPage, screenshot } = browser();
    // The website's form posts to the public endpoint with the demo form's key.
    const posted = await fetch(`${station.baseUrl}/api/public/leads/demo-website-form-0001`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Pavel Browserov',
        phone: '+7 916 555-12-34',
        message: 'Brake pads squeak at low speed',
        make: 'Kia',
        model: 'Rio',
      }),
    });
    expect(posted.status).toBe(202);

    const page = await newPage();
    await signIn(page, 'manager');
    await page.getByTestId('nav-crm/leads').click();
    const row = page.locator('[data-testid="lead-row"][data-name="Pavel Browserov"]');
    await row.waitFor();
    const lead = page.getByRole('row').filter({ has: row });
    expect(await lead.textContent()).toContain('Brake pads squeak at low speed');
    await screenshot(page, 'crm-leads-inbox');

    await lead.getByTestId('lead-convert').click();
    const dialog = page.getByTestId('lead-dialog');
    await dialog.getByTestId('convert-title').fill('Brake pads — Pavel');
    await dialog.getByTestId('convert-expected').fill('12500');
    const converted = page.waitForResponse(
      (r) => r.url().includes('/convert') && r.request().method() === 'POST',
    );
    await dialog.getByTestId('lead-submit').click();
    const answer = await (await converted).json();
    expect(answer.deal).toMatchObject({ title: 'Brake pads — Pavel', expectedMinor: 1_250_000 });
    const number = answer.deal.number as string;
    await page.getByTestId('toast').filter({ hasText: number }).waitFor();
    // Converted requests leave the inbox (it shows new ones).
    await row.waitFor({ state: 'detached' });

    await page.getByTestId('nav-crm/deals').click();
    await column(page, 'new_request').locator(`[data-number="${number}"]`).waitFor();
    const newColumn = column(page, 'new_request');
    const countBefore = Number(await newColumn.getByTestId('column-count').textContent());
    await screenshot(page, 'crm-kanban-before-drag');

    // HTML5 drag and drop onto the "Agreeing" column.
    const moved = page.waitForResponse((r) => r.url().endsWith('/move') && r.status() === 200);
    await dragCard(page, number, 'agreeing');
    const moveAnswer = await (await moved).json();
    expect(moveAnswer.stage).toMatchObject({ code: 'agreeing' });
    expect(moveAnswer.number).toBe(number);
    await column(page, 'agreeing').locator(`[data-number="${number}"]`).waitFor();
    expect(Number(await newColumn.getByTestId('column-count').textContent())).toBe(countBefore - 1);

    // Persisted: a reload shows it in "Agreeing".
    await page.reload();
    await column(page, 'agreeing').locator(`[data-number="${number}"]`).waitFor();
    expect(await column(page, 'new_request').locator(`[data-number="${number}"]`).count()).toBe(0);
    await screenshot(page, 'crm-kanban-after-drag');

    // The keyboard does the same: the arrow key moves it one stage right.
    const keyed = page.waitForResponse((r) => r.url().endsWith('/move') && r.status() === 200);
    await card(page, number).focus();
    await page.keyboard.press('ArrowRight');
    await keyed;
    await column(page, 'parts_ordered').locator(`[data-number="${number}"]`).waitFor();

    // Lost needs a reason from the configured list: Enter opens the stage choice.
    await card(page, number).focus();
    await page.keyboard.press('Enter');
    const move = page.getByTestId('move-deal-dialog');
    const lostId = await move
      .getByTestId('move-stage')
      .locator('option', { hasText: 'Lost' })
      .getAttribute('value');
    await move.getByTestId('move-stage').selectOption(lostId!);
    await move.getByTestId('move-submit').click();
    await move.getByRole('alert').filter({ hasText: 'Choose a reason' }).waitFor();
    await move.getByTestId('move-lost-reason').selectOption({ index: 1 });
    await screenshot(page, 'crm-kanban-lost-reason');
    await move.getByTestId('move-submit').click();
    await column(page, 'lost').locator(`[data-number="${number}"]`).waitFor();
    const { client } = await api('manager');
    const deal = await client.get(`/api/crm/deals/${answer.deal.id}`);
    expect(deal.body).toMatchObject({
      status: 'lost',
      stage: { code: 'lost' },
      lost: { reason: expect.any(String) },
    });
    expect(deal.body.history.map((h: { to: string }) => h.to)).toEqual([
      'new_request',
      'agreeing',
      'parts_ordered',
      'lost',
    ]);

    // The list view with a filter finds it too.
    await page.getByTestId('deals-view-list').click();
    const searched = page.waitForResponse(
      (r) => r.url().includes('/api/crm/deals?') && r.url().includes(`q=${number}`),
    );
    await page.getByTestId('deals-search').fill(number);
    await searched;
    await page.locator('[data-testid="deals-table"] tbody:not(.loading)').waitFor();
    await page.locator(`[data-testid="deal-row"][data-number="${number}"]`).waitFor();
    expect(await page.locator('[data-testid="deal-row"]').count()).toBe(1);
    await screenshot(page, 'crm-deals-list');

    // Filters: the car make, then the owner too; every row answers both.
    await page.getByTestId('deals-search').fill('');
    const byMake = page.waitForResponse(
      (r) => r.url().includes('/api/crm/deals?') && r.url().includes('make=Kia'),
    );
    await page.getByTestId('deals-make').fill('Kia');
    await byMake;
    await page.locator('[data-testid="deals-table"] tbody:not(.loading)').waitFor();
    const kiaRows = page.getByRole('row').filter({ has: page.getByTestId('deal-row') });
    expect(await kiaRows.count()).toBeGreaterThan(1);
    for (const text of await kiaRows.allTextContents()) expect(text).toContain('Kia');
    const byOwner = page.waitForResponse(
      (r) => r.url().includes('/api/crm/deals?') && r.url().includes('ownerId='),
    );
    await page.getByTestId('deals-owner').selectOption({ label: 'Maxim Manager' });
    await byOwner;
    await page.locator('[data-testid="deals-table"] tbody:not(.loading)').waitFor();
    const mine = await kiaRows.allTextContents();
    expect(mine.length).toBeGreaterThan(0);
    for (const text of mine) expect(text).toContain('Maxim Manager');
    expect(browser().pageErrors).toEqual([]);
  });

  it('an overdue task escalates and shows on the supervisor’s agenda live; it is completed with an outcome', async () => {
    const { station, newPage, screenshot } = browser();
    const manager = await api('manager');
    const advisor = await api('advisor');
    // The demo supervises the advisors by the manager, with a 30-minute escalation delay.
    const supervisors = await manager.client.get('/api/crm/supervisors');
    expect(supervisors.body.items).toContainEqual({ userId: advisor.userId, supervisorId: manager.userId });
    const customers = await manager.client.get('/api/customers?limit=1');
    const customerId = customers.body.items[0].id as string;

    const page = await newPage();
    await signIn(page, 'manager');
    await page.getByTestId('nav-crm/tasks').click();
    await page.getByTestId('agenda').waitFor();
    await page.getByTestId('agenda-escalated').waitFor();

    const created = await manager.client.post('/api/crm/tasks', {
      title: 'Call back Pavel about the brake pads',
      customerId,
      assigneeId: advisor.userId,
      dueAt: new Date(clock.now().getTime() - 2 * 3600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ overdue: true, escalatedAt: null });
    // The escalation job (every minute) runs now: due two hours ago, past the 30-minute delay.
    await runEscalation(station.deps, clock.now());
    const task = await manager.client.get(`/api/crm/tasks/${created.body.id}`);
    expect(task.body).toMatchObject({ escalatedTo: manager.userId, escalatedAt: expect.any(String) });

    // No reload: the socket tells the manager's desk, which reloads the agenda.
    const escalated = page
      .getByTestId('agenda-escalated')
      .locator('[data-testid="agenda-task"][data-title="Call back Pavel about the brake pads"]');
    await escalated.waitFor();
    expect(await escalated.textContent()).toContain('Late');
    await screenshot(page, 'crm-supervisor-agenda-escalated');

    // The supervisor's view of the advisor's agenda lists it as overdue.
    await page.getByTestId('agenda-person').selectOption(advisor.userId);
    const overdue = page
      .getByTestId('agenda-overdue')
      .locator('[data-testid="agenda-task"][data-title="Call back Pavel about the brake pads"]');
    await overdue.waitFor();
    await screenshot(page, 'crm-advisor-agenda-overdue');

    await overdue.getByTestId('task-complete').click();
    const dialog = page.getByTestId('complete-task-dialog');
    await dialog.getByTestId('task-complete-submit').click();
    await dialog.getByText('Required').waitFor();
    await dialog.getByTestId('task-outcome').fill('Booked for Tuesday 10:00');
    await dialog.getByTestId('task-complete-submit').click();
    await overdue.waitFor({ state: 'detached' });
    const done = await manager.client.get(`/api/crm/tasks/${created.body.id}`);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'Booked for Tuesday 10:00' });
    expect(browser().pageErrors).toEqual([]);
  });

  it('records a walk-in; shows the call registry, segments, CSI and channel return with charts', async () => {
    const { newPage, screenshot } = browser();
    const page = await newPage();
    await signIn(page, 'manager');
    await page.getByTestId('nav-crm/calls').click();
    await page.locator('[data-testid="call-row"]').first().waitFor();
    const before = await page.getByTestId('pagination-range').textContent();

    await page.getByTestId('record-walk-in').click();
    const dialog = page.getByTestId('call-dialog');
    await dialog.getByTestId('call-save').click();
    await dialog.getByText('Required').waitFor();
    await dialog.getByTestId('call-phone').fill('+7 916 777-00-11');
    await dialog.getByTestId('call-purpose').fill('Asked about winter tyres');
    await dialog.getByTestId('call-save').click();
    await page.getByTestId('calls-table').getByText('Asked about winter tyres').waitFor();
    expect(await page.getByTestId('pagination-range').textContent()).not.toBe(before);
    const filtered = page.waitForResponse(
      (r) => r.url().includes('/api/crm/calls?') && r.url().includes('kind=walk_in'),
    );
    await page.getByTestId('calls-kind').selectOption('walk_in');
    await filtered;
    await page.getByTestId('calls-table').getByText('Asked about winter tyres').waitFor();
    await page.locator('[data-testid="calls-table"] tbody:not(.loading)').waitFor();
    expect(await page.getByTestId('calls-table').getByText('Incoming').count()).toBe(0);
    await screenshot(page, 'crm-calls-walk-ins');

    await page.getByTestId('nav-crm/reports').click();
    await page.getByTestId('segments-chart').locator('[data-testid="bar"]').first().waitFor();
    expect(await page.getByTestId('segments-chart').locator('[data-testid="bar"]').count()).toBe(4);
    await page.getByTestId('csi-overall').waitFor();
    expect(await page.getByTestId('csi-overall').textContent()).toMatch(/CSI \d+/);
    await page.getByTestId('channel-chart').locator('[data-testid="bar"]').first().waitFor();
    expect(await page.getByTestId('channel-table').textContent()).toContain('Yandex Direct');
    await screenshot(page, 'crm-reports');
    expect(browser().pageErrors).toEqual([]);
  });
});

import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../support/factories.ts';
import { makeCustomer } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation({ jobs: true });
});
afterAll(async () => {
  await station?.close();
});

describe('CRM jobs on pg-boss', () => {
  it('are defined with the runner, and the escalation job does its work when it runs', async () => {
    expect(station.jobs?.isRunning()).toBe(true);
    const { client } = await signedIn(station, 'advisor');
    const customer = await makeCustomer(station);
    const task = await client.post('/api/crm/tasks', {
      title: 'Already late',
      customerId: customer.id,
      dueAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await station.jobs!.send('crm-escalate-overdue', {});
    const deadline = Date.now() + 20_000;
    let notified: Date | null = null;
    while (!notified && Date.now() < deadline) {
      const [row] = await station.deps.sequelize.query<{ overdue_notified_at: Date | null }>(
        `SELECT overdue_notified_at FROM crm_tasks WHERE id = :id`,
        { type: QueryTypes.SELECT, replacements: { id: task.body.id } },
      );
      notified = row?.overdue_notified_at ?? null;
      if (!notified) await new Promise((r) => setTimeout(r, 200));
    }
    expect(notified).not.toBeNull();
  });
});

import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation({ env: { PITWALL_DEMO: '1' } });
});
afterAll(async () => {
  await station?.close();
});

describe('the demo station’s messages', () => {
  it('queues them through the rules, sends them through the simulated channel and shows them in the delivery log', async () => {
    expect(station.demoSeeded).toBe(true);
    const kinds = await station.deps.sequelize.query<{ kind: string; n: string }>(
      `SELECT kind, count(*) AS n FROM notification_messages GROUP BY kind ORDER BY kind`,
      { type: QueryTypes.SELECT },
    );
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['booking_confirmed', 'car_ready', 'birthday_greeting']),
    );

    // Two days later at noon (Moscow): everything due has gone out, quiet hours or not.
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const report = await station.notifications.sendDue(new Date(`${day}T09:00:00Z`));
    expect(report.sent).toBeGreaterThan(0);
    expect(report.failed).toBe(0);
    expect(station.notifications.simulated.sent.length).toBe(report.sent);
    const russian = station.notifications.simulated.sent.find((s) => /[А-Яа-я]/.test(s.message.body));
    expect(russian).toBeDefined();

    const [withMessages] = await station.deps.sequelize.query<{ customer_id: string }>(
      `SELECT customer_id FROM notification_messages WHERE status = 'delivered' ORDER BY created_at LIMIT 1`,
      { type: QueryTypes.SELECT },
    );
    const manager = new ApiClient(station.baseUrl);
    expect(
      (await manager.post('/api/auth/login', { login: 'manager', password: 'pitwall-demo' })).status,
    ).toBe(200);
    const log = await manager.get(`/api/notifications/customers/${withMessages!.customer_id}/log`);
    const delivered = log.body.find(
      (e: { type: string; message?: { status: string } }) => e.message?.status === 'delivered',
    );
    expect(delivered.message).toMatchObject({ provider: 'simulated', deliveredAt: expect.any(String) });
    expect(delivered.message.events.map((e: { status: string }) => e.status)).toEqual(
      expect.arrayContaining(['queued', 'sending', 'sent', 'delivered']),
    );
    const campaigns = await manager.get('/api/notifications/campaigns');
    expect(campaigns.body).toMatchObject([{ name: 'Kia owners: spring check-up', status: 'draft' }]);
    const preview = await manager.get(`/api/notifications/campaigns/${campaigns.body[0].id}/recipients`);
    expect(preview.body.total).toBeGreaterThan(0);
  });
});

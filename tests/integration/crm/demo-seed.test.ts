import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LEAD_FORM_KEY } from '../../../db/seeds/demo/crm.ts';
import { ApiClient } from '../../support/api-client.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation({ env: { PITWALL_DEMO: '1' } });
});
afterAll(async () => {
  await station?.close();
});

describe('the demo CRM', () => {
  it('has deals in every stage, leads, overdue tasks, calls, channels with spend and answered surveys', async () => {
    expect(station.demoSeeded).toBe(true);
    const manager = new ApiClient(station.baseUrl);
    expect(
      (await manager.post('/api/auth/login', { login: 'manager', password: 'pitwall-demo' })).status,
    ).toBe(200);
    const kanban = await manager.get('/api/crm/kanban');
    const counts = Object.fromEntries(
      kanban.body.stages.map((s: { code: string; count: number }) => [s.code, s.count]),
    );
    for (const code of [
      'new_request',
      'agreeing',
      'parts_ordered',
      'awaiting_arrival',
      'in_work',
      'ready',
      'won',
      'lost',
    ])
      expect(counts[code], code).toBeGreaterThan(0);
    const leads = await manager.get('/api/crm/leads?status=new');
    expect(leads.body.total).toBeGreaterThanOrEqual(3);
    const overdue = await manager.get('/api/crm/tasks?overdue=true');
    expect(overdue.body.total).toBeGreaterThan(0);
    const calls = await manager.get('/api/crm/calls');
    expect(calls.body.items.some((c: { missed: boolean }) => c.missed)).toBe(true);
    expect(calls.body.items.some((c: { kind: string }) => c.kind === 'walk_in')).toBe(true);
    const channels = await manager.get('/api/crm/channels');
    expect(channels.body.items.map((c: { name: string }) => c.name)).toContain('Yandex Direct');
    const csi = await manager.get('/api/crm/csi');
    expect(csi.body.overall.answers).toBeGreaterThan(0);
    const ret = await manager.get('/api/crm/reports/channel-return');
    expect(ret.body.rows.some((r: { spendMinor: number | null }) => (r.spendMinor ?? 0) > 0)).toBe(true);
    const segments = await manager.get('/api/crm/segments');
    expect(segments.body.segments.real + segments.body.segments.regular).toBeGreaterThan(0);
    const [points] = await station.deps.sequelize.query<{ n: string }>(
      `SELECT count(*) AS n FROM loyalty_ledger WHERE kind = 'earn'`,
      {
        type: QueryTypes.SELECT,
      },
    );
    expect(Number(points!.n)).toBeGreaterThan(0);
    // The website form works on the demo station.
    const site = new ApiClient(station.baseUrl);
    expect(
      (await site.post(`/api/public/leads/${DEMO_LEAD_FORM_KEY}`, { name: 'Visitor', phone: '+79165550000' }))
        .status,
    ).toBe(202);
  });
});

import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightlySegments } from '../../../server/src/modules/crm/index.ts';
import { mergeCustomers } from '../../../server/src/modules/workshop/index.ts';
import { asFactory, signedIn } from '../../support/factories.ts';
import { makeCampaign, makeChannel, makeDeal, workOrder } from '../../support/factories-crm.ts';
import { makeCustomer, makeOrder, makeVehicle } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const clock = new TestClock();
beforeAll(async () => {
  clock.set(new Date('2026-05-20T09:00:00Z'));
  station = await startTestStation({ clock });
});
afterAll(async () => {
  await station?.close();
});

const segmentOf = async (customerId: string) => {
  const [row] = await station.deps.sequelize.query<{ segment: string; vip: boolean; paid_visits: number }>(
    `SELECT segment, vip, paid_visits FROM customer_segments WHERE customer_id = :customerId`,
    { type: QueryTypes.SELECT, replacements: { customerId } },
  );
  return row ?? null;
};

describe('marketing', () => {
  it('channels, campaigns and spend are managed with marketing.manage only', async () => {
    const { client } = await signedIn(station, 'manager');
    const advisor = await signedIn(station, 'advisor');
    const channel = await client.post('/api/crm/channels', { name: 'Yandex Direct', kind: 'online' });
    expect(channel.status).toBe(201);
    expect((await client.post('/api/crm/channels', { name: 'yandex direct' })).status).toBe(409);
    expect((await advisor.client.post('/api/crm/channels', { name: 'Mine' })).status).toBe(403);
    const campaign = await client.post('/api/crm/campaigns', {
      channelId: channel.body.id,
      name: 'Spring tyres',
      startsOn: '2026-03-01',
      endsOn: '2026-04-30',
    });
    expect(campaign.status).toBe(201);
    expect(
      (
        await client.post('/api/crm/campaigns', {
          channelId: channel.body.id,
          name: 'x',
          startsOn: '2026-03-01',
          endsOn: '2026-02-01',
        })
      ).body.error.field,
    ).toBe('endsOn');
    expect(
      (
        await client.post('/api/crm/spends', {
          channelId: channel.body.id,
          periodStart: '2026-05-01',
          periodEnd: '2026-04-01',
          amountMinor: 1,
        })
      ).body.error.field,
    ).toBe('periodEnd');
    const spend = await client.post('/api/crm/spends', {
      channelId: channel.body.id,
      campaignId: campaign.body.id,
      periodStart: '2026-05-01',
      periodEnd: '2026-05-31',
      amountMinor: 2_000_000,
    });
    expect(spend.status).toBe(201);
    const channels = await advisor.client.get('/api/crm/channels');
    expect(channels.body.items.find((c: { id: string }) => c.id === channel.body.id).campaigns).toEqual([
      expect.objectContaining({ name: 'Spring tyres', startsOn: '2026-03-01' }),
    ]);
    expect((await advisor.client.get('/api/crm/spends')).status).toBe(403);
  });

  it('return per channel, campaign, make and kind of work: revenue net of tax, parts cost, margin and spend', async () => {
    const { client } = await signedIn(station, 'owner');
    const radio = await makeChannel(station, 'Radio FM');
    const morning = await makeCampaign(station, radio.id, 'Morning show');
    await client.post('/api/crm/spends', {
      channelId: radio.id,
      campaignId: morning.id,
      periodStart: '2026-05-01',
      periodEnd: '2026-05-31',
      amountMinor: 100_000,
    });
    const customer = await makeCustomer(station);
    const vehicle = await makeVehicle(station, customer.id, { make: 'Skoda' });
    const deal = await makeDeal(station, {
      customerId: customer.id,
      vehicleId: vehicle.id,
      campaignId: morning.id,
    });
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'paid', { priceMinor: 1_220_000, jobKind: 'suspension' });
    const [o] = await station.deps.sequelize.query<{ net_minor: string }>(
      `SELECT net_minor FROM repair_orders WHERE id = :id`,
      {
        type: QueryTypes.SELECT,
        replacements: { id: order.id },
      },
    );
    const report = await client.get('/api/crm/reports/channel-return?from=2026-05-01&to=2026-05-31');
    expect(report.status).toBe(200);
    const row = report.body.rows.find((r: { key: string }) => r.key === radio.id);
    expect(row).toMatchObject({
      label: 'Radio FM',
      deals: 1,
      won: 1,
      revenueMinor: Number(o!.net_minor),
      costMinor: 0,
      marginMinor: Number(o!.net_minor),
      spendMinor: 100_000,
    });
    expect(row.returnOnSpend).toBeCloseTo((Number(o!.net_minor) - 100_000) / 100_000, 2);
    const byMake = await client.get(
      '/api/crm/reports/channel-return?from=2026-05-01&to=2026-05-31&groupBy=make',
    );
    expect(byMake.body.rows.find((r: { label: string }) => r.label === 'Skoda')).toMatchObject({
      deals: 1,
      spendMinor: null,
    });
    const byKind = await client.get(
      '/api/crm/reports/channel-return?from=2026-05-01&to=2026-05-31&groupBy=job_kind',
    );
    expect(byKind.body.rows.find((r: { label: string }) => r.label === 'suspension')).toMatchObject({
      won: 1,
    });
    const byCampaign = await client.get(
      '/api/crm/reports/channel-return?from=2026-05-01&to=2026-05-31&groupBy=campaign',
    );
    expect(byCampaign.body.rows.find((r: { key: string }) => r.key === morning.id)).toMatchObject({
      label: 'Radio FM / Morning show',
      spendMinor: 100_000,
    });
    expect((await client.get('/api/crm/reports/channel-return?groupBy=weather')).body.error.field).toBe(
      'groupBy',
    );
    const detail = await client.get(`/api/crm/deals/${deal.id}`);
    expect(detail.body).toMatchObject({
      status: 'won',
      revenueMinor: Number(o!.net_minor),
      marginMinor: Number(o!.net_minor),
    });
  });
});

describe('segments', () => {
  it('potential → real → regular with paid visits; VIP by cumulative spend; lost after 18 months; inflow and churn', async () => {
    const { client } = await signedIn(station, 'owner');
    await client.patch('/api/crm/settings', {
      segmentRules: {
        regular: { minPaidVisits: 3, windowMonths: 24 },
        lost: { noVisitMonths: 18 },
        vip: { minSpendMinor: 1_500_000, windowMonths: 24 },
      },
    });
    const customer = await makeCustomer(station);
    const vehicle = await makeVehicle(station, customer.id);
    await runNightlySegments(station.deps);
    expect(await segmentOf(customer.id)).toMatchObject({ segment: 'potential', vip: false });
    for (let visit = 1; visit <= 3; visit++) {
      const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
      await workOrder(station, order.id, 'paid', { priceMinor: 600_000 });
      // Recomputed in the payment's own transaction.
      expect(await segmentOf(customer.id)).toMatchObject({
        segment: visit < 3 ? 'real' : 'regular',
        paid_visits: visit,
        vip: visit >= 3,
      });
    }
    const summary = await client.get('/api/crm/segments');
    expect(summary.body.segments.regular).toBeGreaterThanOrEqual(1);
    expect(summary.body.vip).toBeGreaterThanOrEqual(1);
    const members = await client.get('/api/crm/segments/customers?segment=regular&vip=true');
    expect(members.body.items.map((m: { customerId: string }) => m.customerId)).toContain(customer.id);

    clock.advance(19 * 31 * 86_400_000);
    await runNightlySegments(station.deps);
    // Lost after 18 months without a visit; still a VIP while the spend is inside the 24-month window.
    expect(await segmentOf(customer.id)).toMatchObject({ segment: 'lost', vip: true });
    const later = await signedIn(station, 'owner');
    const flow = await later.client.get('/api/crm/segments/flow?months=24');
    const months = flow.body.months as Array<{ month: string; inflow: number; churn: number }>;
    expect(months.find((m) => m.month === '2026-05')!.inflow).toBeGreaterThanOrEqual(1);
    expect(months.reduce((n, m) => n + m.churn, 0)).toBeGreaterThanOrEqual(1);
    expect(
      (
        await later.client.patch('/api/crm/settings', {
          segmentRules: { regular: { minPaidVisits: 0, windowMonths: 24 } },
        })
      ).status,
    ).toBe(400);
    clock.set(new Date('2026-05-20T12:00:00Z'));
  });

  it('a customer merge moves points and recomputes the survivor', async () => {
    const { client } = await signedIn(station, 'owner');
    const source = await makeCustomer(station);
    const target = await makeCustomer(station);
    expect(
      (await client.post(`/api/crm/customers/${source.id}/loyalty/adjust`, { points: 500, note: 'welcome' }))
        .status,
    ).toBe(200);
    expect(
      (await client.post(`/api/crm/customers/${target.id}/loyalty/adjust`, { points: 100, note: 'welcome' }))
        .status,
    ).toBe(200);
    const vehicle = await makeVehicle(station, source.id);
    const { order } = await makeOrder(station, { customerId: source.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'paid', { priceMinor: 100_000 });
    await asFactory(station, (cx) => mergeCustomers(cx, { sourceId: source.id, targetId: target.id }));
    const loyalty = await client.get(`/api/crm/customers/${target.id}/loyalty`);
    expect(loyalty.body.balance).toBe(600 + 30);
    expect(loyalty.body.ledger.map((l: { kind: string }) => l.kind)).toContain('merge_in');
    expect(await segmentOf(target.id)).toMatchObject({ segment: 'real', paid_visits: 1 });
    expect(await segmentOf(source.id)).toBeNull();
  });
});

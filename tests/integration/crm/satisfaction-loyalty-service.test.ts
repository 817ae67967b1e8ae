import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurveyForOrder, runDailyServiceDue } from '../../../server/src/modules/crm/index.ts';
import { ApiClient } from '../../support/api-client.ts';
import { asFactory, signedIn } from '../../support/factories.ts';
import { captureEvents, workOrder } from '../../support/factories-crm.ts';
import { makeCustomer, makeOrder, makeVehicle } from '../../support/factories-workshop.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
const clock = new TestClock();
beforeAll(async () => {
  clock.set(new Date('2026-06-01T08:00:00Z'));
  station = await startTestStation({ clock });
});
afterAll(async () => {
  await station?.close();
});

describe('satisfaction', () => {
  it('a survey per handed-over order: the call centre enters one, the customer answers another through a one-time link', async () => {
    const advisor = await signedIn(station, 'advisor');
    const captured = captureEvents(station);
    const first = await makeOrder(station, { advisorId: advisor.user.id });
    await workOrder(station, first.order.id, 'handed_over', { jobKind: 'body' });
    const second = await makeOrder(station, { advisorId: advisor.user.id });
    await workOrder(station, second.order.id, 'handed_over', { jobKind: 'service' });
    const requested = captured.of('crm.survey.requested');
    expect(requested.map((e) => e.orderId)).toEqual([first.order.id, second.order.id]);
    // Only once per order.
    expect(await asFactory(station, (cx) => createSurveyForOrder(cx, first.order.id))).toBeNull();

    clock.advance(86_400_000 + 60_000);
    const desk = await signedIn(station, 'advisor');
    const due = await desk.client.get('/api/crm/surveys?due=true');
    const surveyOf = (orderId: string) =>
      due.body.items.find((s: { order: { id: string } }) => s.order.id === orderId);
    expect(surveyOf(first.order.id)).toMatchObject({
      status: 'pending',
      department: 'body',
      advisorId: advisor.user.id,
    });
    const answered = await desk.client.post(`/api/crm/surveys/${surveyOf(first.order.id).id}/answer`, {
      score: 5,
      comment: 'Paint mismatch',
    });
    expect(answered.status).toBe(204);
    expect(
      (await desk.client.post(`/api/crm/surveys/${surveyOf(first.order.id).id}/answer`, { score: 9 })).status,
    ).toBe(409);
    expect(
      (await desk.client.post(`/api/crm/surveys/${surveyOf(second.order.id).id}/answer`, { score: 11 })).body
        .error.field,
    ).toBe('score');

    const link = String(requested[1]!.linkPath).replace('/survey/', '');
    const anonymous = new ApiClient(station.baseUrl);
    const page = await anonymous.get(`/api/public/surveys/${link}`);
    expect(page.body).toMatchObject({ orderNumber: second.order.number, status: 'pending' });
    expect(
      (await anonymous.post(`/api/public/surveys/${link}`, { score: 10, comment: 'Great' })).status,
    ).toBe(200);
    expect((await anonymous.post(`/api/public/surveys/${link}`, { score: 1 })).status).toBe(404);
    expect((await anonymous.get(`/api/public/surveys/${'a'.repeat(43)}`)).status).toBe(404);

    // A low score opened a complaint; it is resolved with a note.
    const complaints = await desk.client.get('/api/crm/complaints');
    const complaint = complaints.body.items.find((c: { orderId: string }) => c.orderId === first.order.id);
    expect(complaint).toMatchObject({ status: 'open', description: 'Paint mismatch', department: 'body' });
    expect((await desk.client.post(`/api/crm/complaints/${complaint.id}/resolve`, {})).body.error.field).toBe(
      'resolution',
    );
    expect(
      (
        await desk.client.post(`/api/crm/complaints/${complaint.id}/resolve`, {
          resolution: 'Repainted free',
        })
      ).status,
    ).toBe(204);
    expect(
      (await desk.client.post(`/api/crm/complaints/${complaint.id}/resolve`, { resolution: 'again' })).status,
    ).toBe(409);

    const byDepartment = await desk.client.get('/api/crm/csi?from=2026-06-01&to=2026-06-30');
    expect(byDepartment.body.overall).toMatchObject({
      answers: 2,
      csi: 75,
      promoters: 1,
      detractors: 1,
      nps: 0,
    });
    expect(byDepartment.body.groups).toEqual([
      expect.objectContaining({ key: 'body', csi: 50 }),
      expect.objectContaining({ key: 'service', csi: 100 }),
    ]);
    expect(byDepartment.body.trend).toEqual([expect.objectContaining({ month: '2026-06', answers: 2 })]);
    expect(byDepartment.body.complaints).toEqual({ open: 0, resolved: 1 });
    const byAdvisor = await desk.client.get('/api/crm/csi?from=2026-06-01&to=2026-06-30&groupBy=advisor');
    expect(byAdvisor.body.groups).toEqual([
      expect.objectContaining({ key: advisor.user.id, csi: 75, answers: 2 }),
    ]);
    captured.stop();
  });

  it('complaints entered by hand; scope and field checks', async () => {
    const own = await signedIn(station, 'manager', { scope: 'own' });
    const other = await makeCustomer(station);
    expect(
      (await own.client.post('/api/crm/complaints', { customerId: other.id, description: 'Rude' })).status,
    ).toBe(403);
    expect((await own.client.post('/api/crm/complaints', { customerId: other.id })).body.error.field).toBe(
      'description',
    );
    const mine = await makeCustomer(station, { ownerId: own.user.id });
    expect(
      (await own.client.post('/api/crm/complaints', { customerId: mine.id, description: 'Long wait' }))
        .status,
    ).toBe(201);
  });
});

describe('loyalty', () => {
  it('a card, points per paid order at the tier rate, capped redemption through the workshop discount, an append-only ledger', async () => {
    const { client } = await signedIn(station, 'owner');
    const customer = await makeCustomer(station);
    const vehicle = await makeVehicle(station, customer.id);
    const { order } = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, order.id, 'paid', { priceMinor: 1_000_000 });
    let loyalty = await client.get(`/api/crm/customers/${customer.id}/loyalty`);
    expect(loyalty.body).toMatchObject({
      card: { number: expect.stringMatching(/^PW-/) },
      balance: 300,
      tier: { code: 'base' },
    });

    const next = await makeOrder(station, { customerId: customer.id, vehicleId: vehicle.id });
    await workOrder(station, next.order.id, 'approved', { priceMinor: 50_000 });
    const overCap = await client.post(`/api/crm/customers/${customer.id}/loyalty/redeem`, {
      orderId: next.order.id,
      points: 200,
    });
    expect(overCap.status, JSON.stringify(overCap.body)).toBe(409); // 30 % of 500 ₽ = 150 ₽ = 150 points of 1 ₽
    expect(overCap.body.error.details).toMatchObject({ balance: 300, redeemable: 150 });
    const overBalance = await client.post(`/api/crm/customers/${customer.id}/loyalty/redeem`, {
      orderId: next.order.id,
      points: 301,
    });
    expect(overBalance.status).toBe(409);
    const ok = await client.post(`/api/crm/customers/${customer.id}/loyalty/redeem`, {
      orderId: next.order.id,
      points: 150,
    });
    expect(ok.body).toEqual({ points: 150, amountMinor: 15_000, balance: 150 });
    // The workshop takes it off the order as a fixed discount spread over its lines.
    const discounted = await client.get(`/api/orders/${next.order.id}`);
    expect(discounted.body.totals).toMatchObject({ totalMinor: 35_000, discountMinor: 15_000 });
    const again = await client.post(`/api/crm/customers/${customer.id}/loyalty/redeem`, {
      orderId: next.order.id,
      points: 1,
    });
    expect(again.status).toBe(409); // the cap counts what was already redeemed on the order
    const stranger = await makeOrder(station);
    expect(
      (
        await client.post(`/api/crm/customers/${customer.id}/loyalty/redeem`, {
          orderId: stranger.order.id,
          points: 1,
        })
      ).body.error.field,
    ).toBe('orderId');
    expect(
      (
        await client.post(`/api/crm/customers/${customer.id}/loyalty/redeem`, {
          orderId: next.order.id,
          points: 0,
        })
      ).body.error.field,
    ).toBe('points');
    loyalty = await client.get(`/api/crm/customers/${customer.id}/loyalty`);
    expect(loyalty.body.ledger.map((l: { kind: string; points: number }) => [l.kind, l.points])).toEqual([
      ['redeem', -150],
      ['earn', 300],
    ]);
    await expect(
      station.deps.sequelize.query(`DELETE FROM loyalty_ledger WHERE customer_id = :id`, {
        replacements: { id: customer.id },
      }),
    ).rejects.toThrow(/append-only/);
    const advisor = await signedIn(station, 'advisor');
    expect(
      (
        await advisor.client.post(`/api/crm/customers/${customer.id}/loyalty/adjust`, {
          points: 10,
          note: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (await client.post(`/api/crm/customers/${customer.id}/loyalty/adjust`, { points: -1000, note: 'x' }))
        .status,
    ).toBe(409);
  });
});

describe('service due', () => {
  it('lists cars due by time or mileage and makes one task per car and due date', async () => {
    const { client, user } = await signedIn(station, 'advisor');
    const owner = await signedIn(station, 'owner');
    const customer = await makeCustomer(station, { ownerId: user.id });
    const vehicle = await makeVehicle(station, customer.id, { make: 'Lada', mileageKm: 20_000 });
    const { order } = await makeOrder(station, {
      customerId: customer.id,
      vehicleId: vehicle.id,
      mileageKm: 20_000,
    });
    await workOrder(station, order.id, 'paid', { jobKind: 'service' });
    const [before] = await station.deps.sequelize.query<{ n: string }>(
      `SELECT count(*) AS n FROM service_intervals`,
      { type: QueryTypes.SELECT },
    );
    expect(Number(before!.n)).toBeGreaterThanOrEqual(1);
    // A shorter interval for Lada: 6 months.
    const interval = await owner.client.post('/api/crm/service-intervals', {
      name: 'Lada oil',
      jobKind: 'service',
      make: 'Lada',
      months: 6,
      km: 7500,
    });
    expect(interval.status).toBe(201);
    expect(
      (await owner.client.post('/api/crm/service-intervals', { name: 'x', jobKind: 'service' })).body.error
        .field,
    ).toBe('months');
    expect(
      (await client.post('/api/crm/service-intervals', { name: 'x', jobKind: 'service', months: 1 })).status,
    ).toBe(403);

    clock.advance(170 * 86_400_000);
    const re = await signedIn(station, 'advisor');
    const list = await re.client.get('/api/crm/service-due?horizonDays=14');
    const item = list.body.items.find((i: { vehicleId: string }) => i.vehicleId === vehicle.id);
    expect(item).toMatchObject({
      interval: { name: 'Lada oil', months: 6 },
      reason: 'time',
      lastServiceKm: 20_000,
      dueKm: 27_500,
      overdue: false,
    });
    const run = await runDailyServiceDue(station.deps);
    expect(run.tasks).toBeGreaterThanOrEqual(1);
    expect((await runDailyServiceDue(station.deps)).tasks).toBe(0);
    const [task] = await station.deps.sequelize.query<{ title: string; assignee_id: string }>(
      `SELECT title, assignee_id FROM crm_tasks WHERE vehicle_id = :id AND rule_code = 'service_due:service'`,
      { type: QueryTypes.SELECT, replacements: { id: vehicle.id } },
    );
    expect(task).toMatchObject({
      title: expect.stringMatching(/^Invite for Lada oil/),
      assignee_id: user.id,
    });
  });
});

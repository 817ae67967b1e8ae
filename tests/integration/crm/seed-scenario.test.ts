import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEscalation } from '../../../server/src/modules/crm/index.ts';
import {
  completeJob,
  createOrder,
  recordPayment,
  startJob,
  transitionOrder,
} from '../../../server/src/modules/workshop/index.ts';
import { asFactory, makeLift, signedIn } from '../../support/factories.ts';
import {
  captureEvents,
  dealStage,
  makeChannel,
  makeLeadForm,
  workOrder,
} from '../../support/factories-crm.ts';
import { TestClock } from '../../support/test-clock.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { ApiClient } from '../../support/api-client.ts';

let station: TestStation;
const clock = new TestClock();
beforeAll(async () => {
  clock.set(new Date('2026-03-10T07:00:00Z'));
  station = await startTestStation({ clock });
});
afterAll(async () => {
  await station?.close();
});

describe('the seed scenario through the API', () => {
  it('website request → lead and call-back task → overdue and escalated → booked → awaiting arrival → done, paid, handed over → won, points, survey', async () => {
    const owner = await signedIn(station, 'owner');
    const advisor = await signedIn(station, 'advisor');
    const supervisor = await signedIn(station, 'manager');
    const captured = captureEvents(station);

    // Configuration: who takes website requests, who supervises the advisor, the website form.
    expect(
      (
        await owner.client.patch('/api/crm/settings', {
          leadAssigneeId: advisor.user.id,
          escalationDelaySeconds: 1800,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await owner.client.put(`/api/crm/supervisors/${advisor.user.id}`, {
          supervisorId: supervisor.user.id,
        })
      ).status,
    ).toBe(200);
    const channel = await makeChannel(station, 'Website');
    const form = await makeLeadForm(station, { channelId: channel.id });

    // 1. A request arrives from the station's website.
    const site = new ApiClient(station.baseUrl);
    const posted = await site.post(
      `/api/public/leads/${form.key}`,
      {
        name: 'Pavel Sidorov',
        phone: '8 (916) 700-11-22',
        make: 'Kia',
        model: 'Rio',
        message: 'Oil change please',
      },
      { origin: 'http://site.example' },
    );
    expect(posted.status).toBe(202);
    expect(posted.headers.get('access-control-allow-origin')).toBe('http://site.example');

    const inbox = await advisor.client.get('/api/crm/leads?status=new');
    expect(inbox.body.total).toBe(1);
    const lead = inbox.body.items[0];
    expect(lead).toMatchObject({
      source: 'website',
      name: 'Pavel Sidorov',
      phone: '+79167001122',
      channel: { id: channel.id },
    });

    const tasks = await advisor.client.get(`/api/crm/tasks?assigneeId=${advisor.user.id}&status=open`);
    expect(tasks.body.items).toHaveLength(1);
    const callBack = tasks.body.items[0];
    expect(callBack).toMatchObject({
      title: 'Call back the website request',
      leadId: lead.id,
      rule: 'lead.website',
    });
    const dueIn = new Date(callBack.dueAt).getTime() - clock.now().getTime();
    expect(dueIn).toBeGreaterThan(14 * 60_000);
    expect(dueIn).toBeLessThanOrEqual(15 * 60_000);

    // 2. Nobody calls back: the task goes overdue, then escalates to the supervisor.
    clock.advance(16 * 60_000);
    expect(await runEscalation(station.deps)).toMatchObject({ overdue: 1, escalated: 0 });
    expect(captured.of('crm.task.overdue')).toEqual([
      expect.objectContaining({ taskId: callBack.id, userId: advisor.user.id }),
    ]);
    const advisorAgenda = await advisor.client.get('/api/crm/agenda');
    expect(advisorAgenda.body.overdue.map((t: { id: string }) => t.id)).toEqual([callBack.id]);

    clock.advance(30 * 60_000);
    expect(await runEscalation(station.deps)).toMatchObject({ escalated: 1 });
    expect(captured.of('crm.task.escalated')).toEqual([
      expect.objectContaining({
        taskId: callBack.id,
        userId: supervisor.user.id,
        assigneeId: advisor.user.id,
      }),
    ]);
    const supervisorAgenda = await supervisor.client.get('/api/crm/agenda');
    expect(supervisorAgenda.body.escalated.map((t: { id: string }) => t.id)).toEqual([callBack.id]);
    expect(await runEscalation(station.deps)).toMatchObject({ overdue: 0, escalated: 0 });

    // 3. The advisor calls back and converts the lead: a customer, the car and a deal in "new request".
    const converted = await advisor.client.post(`/api/crm/leads/${lead.id}/convert`, {
      expectedMinor: 600_000,
      jobKind: 'service',
    });
    expect(converted.status).toBe(201);
    const deal = converted.body.deal;
    expect(converted.body.customerCreated).toBe(true);
    expect(deal).toMatchObject({ stage: { code: 'new_request' }, source: { channel: { id: channel.id } } });
    expect(deal.vehicle).toMatchObject({ make: 'Kia', model: 'Rio' });
    const done = await advisor.client.post(`/api/crm/tasks/${callBack.id}/complete`, {
      outcome: 'Called, booked for tomorrow',
    });
    expect(done.body).toMatchObject({ status: 'done', deal: { id: deal.id } });

    // 4. The advisor books the car on a lift: the deal moves to "awaiting arrival" in the same transaction.
    const lift = await makeLift(station);
    const booked = await advisor.client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: '2026-03-11T06:00:00Z',
      durationSeconds: 3600,
      customerId: deal.customer.id,
      vehicleId: deal.vehicle.id,
    });
    expect(booked.status).toBe(201);
    expect(await dealStage(station, deal.id)).toBe('awaiting_arrival');
    const afterBooking = await advisor.client.get(`/api/crm/deals/${deal.id}`);
    expect(afterBooking.body.appointments).toHaveLength(1);
    expect(afterBooking.body.history.at(-1)).toMatchObject({
      to: 'awaiting_arrival',
      cause: 'automatic',
      trigger: 'appointment.booked',
    });

    // 5. The car comes; the order goes in work, done, is paid and handed over: the deal is won.
    clock.advance(10 * 3600_000);
    const order = await asFactory(station, (cx) =>
      createOrder(cx, {
        customerId: deal.customer.id,
        vehicleId: deal.vehicle.id,
        advisorId: advisor.user.id,
        mileageKm: 42_000,
        timezone: station.config.station.timezone,
      }),
    );
    const job = await workOrder(station, order.id, 'in_work', { priceMinor: 600_000 });
    expect(await dealStage(station, deal.id)).toBe('in_work');
    await asFactory(station, async (cx) => {
      await startJob(cx, { lineId: job.id });
      await completeJob(cx, { lineId: job.id });
      await transitionOrder(cx, { orderId: order.id, to: 'done' });
    });
    expect(await dealStage(station, deal.id)).toBe('ready');
    await asFactory(station, (cx) => transitionOrder(cx, { orderId: order.id, to: 'handed_over' }));
    // Handed over but not paid yet: still ready.
    expect(await dealStage(station, deal.id)).toBe('ready');
    await asFactory(station, (cx) =>
      recordPayment(cx, { orderId: order.id, method: 'card', kind: 'payment', amountMinor: 600_000 }),
    );
    const final = await advisor.client.get(`/api/crm/deals/${deal.id}`);
    expect(final.body, JSON.stringify(final.body)).toMatchObject({ status: 'won' });
    expect(final.body.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(final.body.history.map((h: { to: string }) => h.to)).toEqual([
      'new_request',
      'awaiting_arrival',
      'in_work',
      'ready',
      'won',
    ]);

    // Points earned at the base tier (3 %), and a survey is due for the order.
    const loyalty = await advisor.client.get(`/api/crm/customers/${deal.customer.id}/loyalty`);
    expect(loyalty.body.card.number).toMatch(/^PW-\d+$/);
    expect(loyalty.body.balance).toBeGreaterThan(0);
    expect(loyalty.body.ledger[0]).toMatchObject({ kind: 'earn', orderId: order.id });
    const surveys = await advisor.client.get('/api/crm/surveys?status=pending');
    expect(surveys.body.items).toEqual([
      expect.objectContaining({ order: expect.objectContaining({ id: order.id }) }),
    ]);
    expect(captured.of('crm.survey.requested')[0]).toMatchObject({
      orderId: order.id,
      linkPath: expect.stringMatching(/^\/survey\//),
    });
    captured.stop();
  });
});

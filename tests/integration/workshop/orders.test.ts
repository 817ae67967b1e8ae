import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../server/src/platform/events.ts';
import { asFactory, makeMechanic, signedIn } from '../../support/factories.ts';
import { makeCustomer, makeOrder, makeVehicle } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import {
  completeJob,
  pauseJob,
  resumeJob,
  startJob,
  assignMechanic,
  unassignMechanic,
} from '../../../server/src/modules/workshop/index.ts';

let station: TestStation;
const events: DomainEvent[] = [];
beforeAll(async () => {
  station = await startTestStation();
  station.deps.bus.subscribe((e) => {
    events.push(e);
  });
});
afterAll(async () => {
  await station?.close();
});

const year = () =>
  new Intl.DateTimeFormat('en', { timeZone: 'Europe/Moscow', year: 'numeric' }).format(new Date());
const waitForEvents = () => new Promise((r) => setTimeout(r, 20));

describe('repair orders', () => {
  it('numbers orders per year without gaps: WO-YYYY-000001, 000002…', async () => {
    const { client } = await signedIn(station, 'advisor');
    const customer = await makeCustomer(station);
    const car = await makeVehicle(station, customer.id, { mileageKm: 10_000 });
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await client.post('/api/orders', {
        customerId: customer.id,
        vehicleId: car.id,
        complaint: 'Knocking in the front',
      });
      expect(res.status).toBe(201);
      numbers.push(res.body.number);
    }
    const seqs = numbers.map((n) => Number(n.slice(-6)));
    expect(numbers[0]).toMatch(new RegExp(`^WO-${year()}-\\d{6}$`));
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(seqs[2]).toBe(seqs[1]! + 1);
    // a failed creation (lower mileage) does not burn a number
    await client.post('/api/orders', { customerId: customer.id, vehicleId: car.id, mileageKm: 10 });
    const next = await client.post('/api/orders', { customerId: customer.id, vehicleId: car.id });
    expect(Number(next.body.number.slice(-6))).toBe(seqs[2]! + 1);
    expect(next.body).toMatchObject({
      status: 'estimate',
      allowedTransitions: ['approved', 'cancelled'],
      tax: { rateBp: 2200, pricesIncludeTax: true },
    });
  });

  it('adds labour and parts lines and computes exact totals with the station tax', async () => {
    const { client } = await signedIn(station, 'advisor');
    const { order } = await makeOrder(station);
    const job = await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Замена масла',
      normHours: 0.5,
      pricing: 'hourly',
      ratePerHourMinor: 250_000,
    });
    expect(job.status).toBe(201);
    expect(job.body.jobs[0]).toMatchObject({
      name: 'Замена масла',
      normSeconds: 1800,
      state: 'planned',
      totals: { netMinor: 125_000 },
    });
    const part = await client.post(`/api/orders/${order.id}/parts`, {
      name: 'Масло 5W-30',
      quantity: '4.5',
      unit: 'l',
      unitPriceMinor: 99_999,
      discountBp: 1000,
    });
    expect(part.status).toBe(201);
    // 4.5 × 999.99 = 4499.955 → 4499.96; −10 % = 449.996 → 450.00 → 4049.96
    expect(part.body.parts[0]).toMatchObject({
      quantity: '4.5',
      totals: { grossMinor: 449_996, discountMinor: 45_000, netMinor: 404_996 },
    });
    const consumable = await client.post(`/api/orders/${order.id}/parts`, {
      kind: 'consumable',
      name: 'Rags',
      quantity: 1,
      unitPriceMinor: 5_000,
    });
    expect(consumable.body.totals).toMatchObject({
      labourMinor: 125_000,
      partsMinor: 409_996,
      totalMinor: 534_996,
    });
    // VAT 22 % included, per line and rounded per line: 1250.00 → 225.41; 4049.96 → 730.32; 50.00 → 9.02
    expect(consumable.body.totals.taxMinor).toBe(22_541 + 73_032 + 902);
    const discounted = await client.patch(`/api/orders/${order.id}`, { discountBp: 500 });
    expect(discounted.body.discountBp).toBe(500);
    expect(discounted.body.totals.discountMinor).toBeGreaterThan(45_000);
    const updated = await client.patch(`/api/orders/${order.id}/jobs/${job.body.jobs[0].id}`, {
      pricing: 'fixed',
      fixedPriceMinor: 100_000,
    });
    expect(updated.body.jobs[0]).toMatchObject({
      pricing: 'fixed',
      fixedPriceMinor: 100_000,
      ratePerHourMinor: null,
    });
    const removed = await client.delete(`/api/orders/${order.id}/parts/${part.body.parts[0].id}`);
    expect(removed.body.parts).toHaveLength(1);
  });

  it('refuses bad lines: negative quantity, missing price, unknown fields (400 naming the field)', async () => {
    const { client } = await signedIn(station, 'advisor');
    const { order } = await makeOrder(station);
    const cases: Array<[string, unknown, string]> = [
      ['parts', { name: 'Filter', quantity: -1, unitPriceMinor: 100 }, 'quantity'],
      ['parts', { name: 'Filter', quantity: '0', unitPriceMinor: 100 }, 'quantity'],
      ['parts', { name: 'Filter', quantity: '1.2345', unitPriceMinor: 100 }, 'quantity'],
      ['parts', { name: 'Filter', quantity: 1, unitPriceMinor: -5 }, 'unitPriceMinor'],
      ['parts', { name: 'Filter', quantity: 1, unitPriceMinor: 1.5 }, 'unitPriceMinor'],
      ['jobs', { name: 'Job', normSeconds: 60, pricing: 'hourly' }, 'ratePerHourMinor'],
      ['jobs', { name: 'Job', pricing: 'fixed', fixedPriceMinor: 100 }, 'normSeconds'],
      [
        'jobs',
        { name: 'Job', normSeconds: 60, pricing: 'fixed', fixedPriceMinor: 100, discountBp: 20_000 },
        'discountBp',
      ],
      ['jobs', { name: '', normSeconds: 60, pricing: 'fixed', fixedPriceMinor: 100 }, 'name'],
    ];
    for (const [kind, body, field] of cases) {
      const res = await client.post(`/api/orders/${order.id}/${kind}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect(
      (
        await client.post('/api/orders/00000000-0000-4000-8000-000000000000/jobs', {
          name: 'J',
          normSeconds: 1,
          pricing: 'fixed',
          fixedPriceMinor: 1,
        })
      ).status,
    ).toBe(404);
    expect(
      (await client.patch(`/api/orders/${order.id}/jobs/00000000-0000-4000-8000-000000000000`, { name: 'x' }))
        .status,
    ).toBe(404);
  });

  it('walks the statuses; a transition not allowed is a 409 with the allowed ones', async () => {
    const { client } = await signedIn(station, 'advisor');
    const { order } = await makeOrder(station);
    const skip = await client.post(`/api/orders/${order.id}/transitions`, { to: 'done' });
    expect(skip.status).toBe(409);
    expect(skip.body.error.details).toMatchObject({
      from: 'estimate',
      to: 'done',
      allowed: ['approved', 'cancelled'],
    });
    expect(
      (await client.post(`/api/orders/${order.id}/transitions`, { to: 'flying' })).body.error.field,
    ).toBe('to');
    for (const to of ['approved', 'in_work', 'done', 'handed_over']) {
      const res = await client.post(`/api/orders/${order.id}/transitions`, { to });
      expect(res.status, to).toBe(200);
      expect(res.body.status).toBe(to);
    }
    const closed = await client.post(`/api/orders/${order.id}/transitions`, { to: 'closed' });
    expect(closed.body.status).toBe('closed');
    const history = await client.get(`/api/orders/${order.id}/status-history`);
    expect(history.body.map((h: { to: string }) => h.to)).toEqual([
      'estimate',
      'approved',
      'in_work',
      'done',
      'handed_over',
      'closed',
    ]);
    // lines are frozen on a closed order
    const late = await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Late',
      normSeconds: 60,
      pricing: 'fixed',
      fixedPriceMinor: 100,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('closed');
    expect(
      (await client.post(`/api/orders/${order.id}/parts`, { name: 'Late', quantity: 1, unitPriceMinor: 1 }))
        .status,
    ).toBe(409);
    expect((await client.patch(`/api/orders/${order.id}`, { discountBp: 100 })).status).toBe(409);
    expect((await client.post(`/api/orders/${order.id}/transitions`, { to: 'in_work' })).status).toBe(409);
  });

  it('cancelling needs a reason and freezes the lines', async () => {
    const { client } = await signedIn(station, 'advisor');
    const { order } = await makeOrder(station);
    expect((await client.post(`/api/orders/${order.id}/transitions`, { to: 'cancelled' })).status).toBe(409);
    const cancelled = await client.post(`/api/orders/${order.id}/transitions`, {
      to: 'cancelled',
      reason: 'customer changed their mind',
    });
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'customer changed their mind',
    });
    expect(
      (await client.post(`/api/orders/${order.id}/parts`, { name: 'x', quantity: 1, unitPriceMinor: 1 }))
        .status,
    ).toBe(409);
  });

  it('job actions follow the job state machine, move the order in work and emit events', async () => {
    const { client } = await signedIn(station, 'foreman');
    const { order } = await makeOrder(station);
    const { staff: mechanic } = await makeMechanic(station);
    const added = await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Brake pads',
      normSeconds: 3600,
      pricing: 'hourly',
      ratePerHourMinor: 200_000,
      mechanicIds: [mechanic.id],
    });
    const lineId = added.body.jobs[0].id;
    expect(added.body.jobs[0].mechanics).toEqual([expect.objectContaining({ staffId: mechanic.id })]);
    const early = await client.post(`/api/orders/${order.id}/jobs/${lineId}/start`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('estimate');
    await client.post(`/api/orders/${order.id}/transitions`, { to: 'approved' });
    events.length = 0;
    const started = await client.post(`/api/orders/${order.id}/jobs/${lineId}/start`, {});
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('in_work');
    expect(started.body.jobs[0]).toMatchObject({ state: 'in_progress' });
    expect((await client.post(`/api/orders/${order.id}/jobs/${lineId}/start`, {})).status).toBe(409);
    const noReason = await client.post(`/api/orders/${order.id}/jobs/${lineId}/pause`, {});
    expect(noReason.body.error.field).toBe('reason');
    const paused = await client.post(`/api/orders/${order.id}/jobs/${lineId}/pause`, { reason: 'parts' });
    expect(paused.body.jobs[0]).toMatchObject({ state: 'waiting', waitReason: 'parts' });
    expect((await client.post(`/api/orders/${order.id}/transitions`, { to: 'done' })).status).toBe(409);
    await client.post(`/api/orders/${order.id}/jobs/${lineId}/resume`, {});
    const done = await client.post(`/api/orders/${order.id}/jobs/${lineId}/complete`, {});
    expect(done.body.jobs[0].state).toBe('done');
    expect(done.body.jobs[0].completedAt).not.toBeNull();
    await waitForEvents();
    const jobEvents = events.filter((e) => e.type.startsWith('job.'));
    expect(jobEvents.map((e) => e.type)).toEqual([
      'job.started',
      'job.paused',
      'job.resumed',
      'job.completed',
    ]);
    expect(jobEvents[1]).toMatchObject({
      orderId: order.id,
      lineId,
      liftId: null,
      state: 'waiting',
      waitReason: 'parts',
      previousState: 'in_progress',
    });
    expect(events.find((e) => e.type === 'order.status_changed')).toMatchObject({
      from: 'approved',
      to: 'in_work',
    });
    const mechanicClient = await signedIn(station, 'mechanic');
    expect(
      (await mechanicClient.client.post(`/api/orders/${order.id}/jobs/${lineId}/start`, {})).status,
    ).toBe(409);
    expect(
      (
        await mechanicClient.client.post(`/api/orders/${order.id}/jobs`, {
          name: 'x',
          normSeconds: 1,
          pricing: 'fixed',
          fixedPriceMinor: 1,
        })
      ).status,
    ).toBe(403);
  });

  it('exports the job commands for the shop floor: (cx, input), refusing invalid moves with 409', async () => {
    const { order } = await makeOrder(station);
    const { client } = await signedIn(station, 'advisor');
    const { staff: a } = await makeMechanic(station);
    const { staff: b } = await makeMechanic(station);
    const res = await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Alignment',
      normSeconds: 2700,
      pricing: 'fixed',
      fixedPriceMinor: 300_000,
    });
    const lineId = res.body.jobs[0].id;
    await client.post(`/api/orders/${order.id}/transitions`, { to: 'approved' });
    events.length = 0;
    await asFactory(station, (cx) => startJob(cx, { lineId, staffId: a.id }));
    await asFactory(station, (cx) => assignMechanic(cx, { lineId, staffId: b.id }));
    await expect(
      asFactory(station, (cx) => assignMechanic(cx, { lineId, staffId: b.id })),
    ).rejects.toMatchObject({ status: 409 });
    await asFactory(station, (cx) => pauseJob(cx, { lineId, reason: 'tool' }));
    await expect(
      asFactory(station, (cx) => completeJob(cx, { lineId: '00000000-0000-4000-8000-000000000000' })),
    ).rejects.toMatchObject({ status: 404 });
    await asFactory(station, (cx) => resumeJob(cx, { lineId }));
    await asFactory(station, (cx) => unassignMechanic(cx, { lineId, staffId: b.id }));
    await expect(
      asFactory(station, (cx) => unassignMechanic(cx, { lineId, staffId: b.id })),
    ).rejects.toMatchObject({ status: 404 });
    await asFactory(station, (cx) => completeJob(cx, { lineId }));
    await expect(asFactory(station, (cx) => resumeJob(cx, { lineId }))).rejects.toMatchObject({
      status: 409,
    });
    await waitForEvents();
    // Starting with a staffId puts that mechanic on the job, and says so like any assignment.
    expect(events.filter((e) => e.type.startsWith('job.')).map((e) => e.type)).toEqual([
      'job.mechanic_assigned',
      'job.started',
      'job.mechanic_assigned',
      'job.paused',
      'job.resumed',
      'job.mechanic_unassigned',
      'job.completed',
    ]);
    const got = await client.get(`/api/orders/${order.id}`);
    expect(got.body.jobs[0].mechanics.map((m: { staffId: string }) => m.staffId)).toEqual([a.id]);
  });

  it('recommended lines wait for the customer’s decision; declined ones stay for later offers', async () => {
    const { client } = await signedIn(station, 'advisor');
    const { order, vehicle } = await makeOrder(station);
    await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Main job',
      normSeconds: 3600,
      pricing: 'fixed',
      fixedPriceMinor: 100_000,
    });
    await client.post(`/api/orders/${order.id}/transitions`, { to: 'approved' });
    const rec1 = await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Replace wipers',
      normSeconds: 600,
      pricing: 'fixed',
      fixedPriceMinor: 20_000,
      recommended: true,
    });
    const rec2 = await client.post(`/api/orders/${order.id}/parts`, {
      name: 'Cabin filter',
      quantity: 1,
      unitPriceMinor: 80_000,
      recommended: true,
    });
    expect(rec2.body.totals.totalMinor).toBe(100_000);
    const wipers = rec1.body.jobs.find((j: { name: string }) => j.name === 'Replace wipers');
    expect(wipers).toMatchObject({ recommended: true, decision: 'pending', billable: false });
    const notYet = await client.post(`/api/orders/${order.id}/jobs/${wipers.id}/start`, {});
    expect(notYet.status).toBe(409);
    events.length = 0;
    const decided = await client.post(`/api/orders/${order.id}/decisions`, {
      decisions: [
        { lineId: wipers.id, decision: 'approved' },
        { lineId: rec2.body.parts[0].id, decision: 'declined' },
      ],
      via: 'phone',
      note: 'called at 11:20',
    });
    expect(decided.status).toBe(200);
    expect(decided.body.totals.totalMinor).toBe(120_000);
    expect(decided.body.jobs.find((j: { id: string }) => j.id === wipers.id)).toMatchObject({
      decision: 'approved',
      decidedVia: 'phone',
      billable: true,
    });
    expect(decided.body.parts[0]).toMatchObject({
      decision: 'declined',
      decisionNote: 'called at 11:20',
      billable: false,
    });
    await waitForEvents();
    expect(events.filter((e) => e.type === 'approval.decided')).toEqual([
      expect.objectContaining({
        orderId: order.id,
        lineId: wipers.id,
        lineType: 'job',
        decision: 'approved',
        via: 'phone',
      }),
      expect.objectContaining({ lineType: 'part', decision: 'declined' }),
    ]);
    const mainId = decided.body.jobs.find((j: { name: string }) => j.name === 'Main job').id;
    const notRecommended = await client.post(`/api/orders/${order.id}/decisions`, {
      decisions: [{ lineId: mainId, decision: 'declined' }],
      via: 'signed',
    });
    expect(notRecommended.status).toBe(409);
    expect(
      (await client.post(`/api/orders/${order.id}/decisions`, { decisions: [], via: 'phone' })).body.error
        .field,
    ).toBe('decisions');
    expect(
      (
        await client.post(`/api/orders/${order.id}/decisions`, {
          decisions: [{ lineId: mainId, decision: 'approved' }],
          via: 'fax',
        })
      ).body.error.field,
    ).toBe('via');
    const card = await client.get(`/api/vehicles/${vehicle!.id}/card`);
    expect(card.body.declined.items).toEqual([
      expect.objectContaining({
        name: 'Cabin filter',
        decision: 'declined',
        orderId: order.id,
        amountMinor: 80_000,
      }),
    ]);
  });

  it('canned jobs: CRUD and added to an order in one step', async () => {
    const { client } = await signedIn(station, 'advisor');
    const created = await client.post('/api/canned-jobs', {
      name: 'Oil service',
      description: 'Engine oil and filter',
      lines: [
        {
          lineType: 'job',
          name: 'Oil and filter change',
          normHours: 0.6,
          pricing: 'hourly',
          ratePerHourMinor: 300_000,
          jobKind: 'service',
        },
        { lineType: 'part', name: 'Oil filter', sku: 'OF-100', quantity: 1, unitPriceMinor: 60_000 },
        {
          lineType: 'consumable',
          name: 'Engine oil 5W-30',
          quantity: '4.2',
          unit: 'l',
          unitPriceMinor: 90_000,
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Oil service',
      normSeconds: 2160,
      lines: [{ lineType: 'job' }, { lineType: 'part' }, { lineType: 'consumable', quantity: '4.2' }],
    });
    expect(
      (
        await client.post('/api/canned-jobs', {
          name: 'oil SERVICE',
          lines: [{ lineType: 'part', name: 'x', quantity: 1, unitPriceMinor: 1 }],
        })
      ).status,
    ).toBe(409);
    expect((await client.post('/api/canned-jobs', { name: 'Empty', lines: [] })).body.error.field).toBe(
      'lines',
    );
    const list = await client.get('/api/canned-jobs?q=oil');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    const { order } = await makeOrder(station);
    const applied = await client.post(`/api/orders/${order.id}/canned-jobs`, {
      cannedJobId: created.body.id,
    });
    expect(applied.status).toBe(201);
    expect(applied.body.jobs).toHaveLength(1);
    expect(applied.body.parts.map((p: { kind: string; jobId: string }) => [p.kind, p.jobId])).toEqual([
      ['part', applied.body.jobs[0].id],
      ['consumable', applied.body.jobs[0].id],
    ]);
    // 0.6 h × 3 000.00 + 600.00 + 4.2 l × 900.00
    expect(applied.body.totals.totalMinor).toBe(180_000 + 60_000 + 378_000);
    const renamed = await client.patch(`/api/canned-jobs/${created.body.id}`, { active: false });
    expect(renamed.body.active).toBe(false);
    expect(
      (await client.post(`/api/orders/${order.id}/canned-jobs`, { cannedJobId: created.body.id })).status,
    ).toBe(409);
    expect((await client.delete(`/api/canned-jobs/${created.body.id}`)).status).toBe(204);
    expect((await client.get(`/api/canned-jobs/${created.body.id}`)).status).toBe(404);
    const storekeeper = await signedIn(station, 'storekeeper');
    expect(
      (
        await storekeeper.client.post('/api/canned-jobs', {
          name: 'X',
          lines: [{ lineType: 'part', name: 'x', quantity: 1, unitPriceMinor: 1 }],
        })
      ).status,
    ).toBe(403);
  });

  it('scope "own": another advisor’s order is 403 and missing from the list', async () => {
    const own = await signedIn(station, 'advisor', { scope: 'own' });
    const other = await signedIn(station, 'advisor');
    const customer = await makeCustomer(station, { ownerId: own.user.id });
    const car = await makeVehicle(station, customer.id);
    const { order: theirs } = await makeOrder(station, {
      customerId: customer.id,
      vehicleId: car.id,
      advisorId: other.user.id,
    });
    const mine = await own.client.post('/api/orders', { customerId: customer.id, vehicleId: car.id });
    expect(mine.status).toBe(201);
    expect(mine.body.advisorId).toBe(own.user.id);
    expect((await own.client.get(`/api/orders/${theirs.id}`)).status).toBe(403);
    expect(
      (
        await own.client.post(`/api/orders/${theirs.id}/jobs`, {
          name: 'x',
          normSeconds: 1,
          pricing: 'fixed',
          fixedPriceMinor: 1,
        })
      ).status,
    ).toBe(403);
    expect(
      (await own.client.post(`/api/orders/${theirs.id}/payments`, { method: 'cash', amountMinor: 100 }))
        .status,
    ).toBe(403);
    expect((await own.client.get(`/api/orders/${theirs.id}/documents/invoice.pdf`)).status).toBe(403);
    const list = await own.client.get(`/api/orders?customerId=${customer.id}`);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([mine.body.id]);
    expect(
      (
        await own.client.post('/api/orders', {
          customerId: customer.id,
          vehicleId: car.id,
          advisorId: other.user.id,
        })
      ).status,
    ).toBe(403);
    expect((await other.client.get(`/api/orders/${mine.body.id}`)).status).toBe(200);
  });
});

describe('payments', () => {
  it('takes partial payments and refunds as negative rows; balance and debt follow', async () => {
    const { client } = await signedIn(station, 'advisor');
    const { order, customer } = await makeOrder(station);
    await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Engine repair',
      normSeconds: 36_000,
      pricing: 'fixed',
      fixedPriceMinor: 1_000_000,
    });
    const first = await client.post(`/api/orders/${order.id}/payments`, {
      method: 'card',
      amountMinor: 300_000,
      note: 'prepayment',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ totalMinor: 1_000_000, paidMinor: 300_000, balanceMinor: 700_000 });
    const cash = await client.post(`/api/orders/${order.id}/payments`, {
      method: 'cash',
      amountMinor: 200_000,
    });
    const cashId = cash.body.items.find((p: { method: string }) => p.method === 'cash').id;
    const tooMuch = await client.post(`/api/orders/${order.id}/payments`, {
      method: 'cash',
      kind: 'refund',
      amountMinor: 200_001,
      refundOf: cashId,
    });
    expect(tooMuch.status).toBe(409);
    const refund = await client.post(`/api/orders/${order.id}/payments`, {
      method: 'cash',
      kind: 'refund',
      amountMinor: 50_000,
      refundOf: cashId,
    });
    expect(refund.body.items[0]).toMatchObject({ kind: 'refund', amountMinor: -50_000, refundOf: cashId });
    expect(refund.body).toMatchObject({ paidMinor: 450_000, balanceMinor: 550_000 });
    for (const [body, field] of [
      [{ method: 'crypto', amountMinor: 1 }, 'method'],
      [{ method: 'cash', amountMinor: 0 }, 'amountMinor'],
      [{ method: 'cash', amountMinor: -5 }, 'amountMinor'],
      [{ method: 'cash', amountMinor: 5, refundOf: cashId }, 'refundOf'],
    ] as const) {
      const res = await client.post(`/api/orders/${order.id}/payments`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    for (const to of ['approved', 'in_work', 'done', 'handed_over'])
      await client.post(`/api/orders/${order.id}/transitions`, { to });
    const card = await client.get(`/api/customers/${customer!.id}/card`);
    expect(card.body.summary).toMatchObject({ debtMinor: 550_000, ordersCount: 1 });
    expect(card.body.payments.items.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([
      -50_000, 200_000, 300_000,
    ]);
    // unpaid: closing needs a manager's credit
    const unpaid = await client.post(`/api/orders/${order.id}/transitions`, { to: 'closed' });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error.details.balanceMinor).toBe(550_000);
    expect(
      (await client.post(`/api/orders/${order.id}/transitions`, { to: 'closed', allowCredit: true })).status,
    ).toBe(403);
    const manager = await signedIn(station, 'manager');
    const credit = await manager.client.post(`/api/orders/${order.id}/transitions`, {
      to: 'closed',
      allowCredit: true,
      creditNote: 'pays on Friday',
    });
    expect(credit.status).toBe(200);
    expect(credit.body.credit).toMatchObject({ allowedBy: manager.user.id, note: 'pays on Friday' });
    // the debt is paid after closing
    const late = await client.post(`/api/orders/${order.id}/payments`, {
      method: 'bank_transfer',
      amountMinor: 550_000,
    });
    expect(late.body.balanceMinor).toBe(0);
    expect((await client.get(`/api/customers/${customer!.id}/card`)).body.summary.debtMinor).toBe(0);
    const mechanic = await signedIn(station, 'mechanic');
    expect(
      (await mechanic.client.post(`/api/orders/${order.id}/payments`, { method: 'cash', amountMinor: 1 }))
        .status,
    ).toBe(403);
  });

  it('a fully paid order closes without credit; a cancelled order takes only refunds', async () => {
    const { client } = await signedIn(station, 'advisor');
    const { order } = await makeOrder(station);
    await client.post(`/api/orders/${order.id}/parts`, { name: 'Bulb', quantity: 2, unitPriceMinor: 15_000 });
    await client.post(`/api/orders/${order.id}/payments`, { method: 'cash', amountMinor: 30_000 });
    for (const to of ['approved', 'in_work', 'done', 'handed_over', 'closed']) {
      expect((await client.post(`/api/orders/${order.id}/transitions`, { to })).status, to).toBe(200);
    }
    const { order: other } = await makeOrder(station);
    await client.post(`/api/orders/${other.id}/payments`, { method: 'card', amountMinor: 10_000 });
    await client.post(`/api/orders/${other.id}/transitions`, { to: 'cancelled', reason: 'no parts' });
    expect(
      (await client.post(`/api/orders/${other.id}/payments`, { method: 'card', amountMinor: 10_000 })).status,
    ).toBe(409);
    const refund = await client.post(`/api/orders/${other.id}/payments`, {
      method: 'card',
      kind: 'refund',
      amountMinor: 10_000,
    });
    expect(refund.body.paidMinor).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../server/src/platform/events.ts';
import { asFactory, makeLift, makeMechanic, signedIn } from '../../support/factories.ts';
import { makeCustomer, makeOrder } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { placeOnLift, removeFromLift } from '../../../server/src/modules/scheduler/index.ts';

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

// Monday 2030-01-14 in Moscow (UTC+3): 09:00 local = 06:00Z
const at = (localHour: number, day = 14) =>
  `2030-01-${String(day).padStart(2, '0')}T${String(localHour - 3).padStart(2, '0')}:00:00Z`;

describe('appointments', () => {
  it('books a lift with mechanics; an overlapping booking of the lift is a 409 naming the booking in the way', async () => {
    const { client } = await signedIn(station, 'advisor');
    const lift = await makeLift(station);
    const { staff: mech } = await makeMechanic(station, { name: 'Booked Mechanic' });
    const customer = await makeCustomer(station, { name: 'Booked Customer' });
    events.length = 0;
    const first = await client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: at(9),
      endsAt: at(11),
      customerId: customer.id,
      mechanicIds: [mech.id],
      title: 'Brakes',
    });
    expect(first.status).toBe(201);
    expect(first.body.appointment).toMatchObject({
      liftId: lift.id,
      status: 'booked',
      customerName: 'Booked Customer',
      mechanics: [{ staffId: mech.id }],
      startsAt: '2030-01-14T06:00:00.000Z',
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(events.find((e) => e.type === 'appointment.booked')).toMatchObject({
      appointmentId: first.body.appointment.id,
      liftId: lift.id,
      customerId: customer.id,
    });

    const clash = await client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: at(10),
      endsAt: at(12),
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details.reason).toBe('lift_booked');
    expect(clash.body.error.details.conflicts).toEqual([
      expect.objectContaining({ id: first.body.appointment.id, title: 'Brakes' }),
    ]);
    // touching ranges do not overlap
    expect(
      (await client.post('/api/appointments', { liftId: lift.id, startsAt: at(11), endsAt: at(12) })).status,
    ).toBe(201);
  });

  it('a mechanic cannot be on two lifts at once (409), and booked hours beyond the shift are a warning', async () => {
    const { client } = await signedIn(station, 'manager');
    const liftA = await makeLift(station);
    const liftB = await makeLift(station);
    const { staff: mech } = await makeMechanic(station, { name: 'Busy Mechanic' });
    await client.put(`/api/mechanics/${mech.id}/shifts`, {
      shifts: [{ weekday: 1, startsAt: '09:00', endsAt: '13:00' }],
    });
    const a = await client.post('/api/appointments', {
      liftId: liftA.id,
      startsAt: at(9),
      endsAt: at(12),
      mechanicIds: [mech.id],
    });
    expect(a.body.warnings).toEqual([]);
    const b = await client.post('/api/appointments', {
      liftId: liftB.id,
      startsAt: at(11),
      endsAt: at(13),
      mechanicIds: [mech.id],
    });
    expect(b.status).toBe(409);
    expect(b.body.error.details).toMatchObject({
      reason: 'mechanic_booked',
      conflicts: [expect.objectContaining({ id: a.body.appointment.id })],
    });
    const over = await client.post('/api/appointments', {
      liftId: liftB.id,
      startsAt: at(12),
      endsAt: at(15),
      mechanicIds: [mech.id],
    });
    expect(over.status).toBe(201);
    expect(over.body.warnings).toEqual([
      expect.objectContaining({
        code: 'mechanic_overloaded',
        staffId: mech.id,
        date: '2030-01-14',
        bookedSeconds: 6 * 3600,
        shiftSeconds: 4 * 3600,
      }),
    ]);
    const tuesday = await client.post('/api/appointments', {
      liftId: liftB.id,
      startsAt: at(9, 15),
      endsAt: at(10, 15),
      mechanicIds: [mech.id],
    });
    expect(tuesday.body.warnings).toEqual([
      expect.objectContaining({ code: 'mechanic_off_shift', date: '2030-01-15' }),
    ]);
  });

  it('suggests the duration from the order’s norm time and warns when the lift does not take the job kind', async () => {
    const { client } = await signedIn(station, 'manager');
    const lift = await client.post('/api/lifts', {
      code: 'ALN9',
      name: 'Alignment only',
      kind: 'alignment',
      jobKinds: ['alignment'],
    });
    const { order } = await makeOrder(station);
    await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Engine diagnostics',
      jobKind: 'engine',
      normSeconds: 4000,
      pricing: 'fixed',
      fixedPriceMinor: 100,
    });
    expect((await client.get(`/api/orders/${order.id}`)).body).toMatchObject({
      normSeconds: 4000,
      suggestedBookingSeconds: 4500,
    });
    const booked = await client.post('/api/appointments', {
      liftId: lift.body.id,
      startsAt: at(9, 16),
      orderId: order.id,
    });
    expect(booked.status).toBe(201);
    // 4000 s → 4500 s (five 15-minute slots)
    expect(
      new Date(booked.body.appointment.endsAt).getTime() -
        new Date(booked.body.appointment.startsAt).getTime(),
    ).toBe(4500_000);
    expect(booked.body.appointment).toMatchObject({
      orderId: order.id,
      orderNumber: order.number,
      customerId: order.customerId,
    });
    expect(booked.body.warnings).toEqual([
      expect.objectContaining({ code: 'lift_job_kinds', jobKinds: ['engine'] }),
    ]);
  });

  it('moves, resizes, cancels and marks no-shows; refuses bad ranges and out-of-order lifts', async () => {
    const { client } = await signedIn(station, 'advisor');
    const lift = await makeLift(station);
    const other = await makeLift(station);
    const a = await client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: at(9, 17),
      endsAt: at(10, 17),
    });
    const b = await client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: at(12, 17),
      endsAt: at(13, 17),
    });
    const id = a.body.appointment.id;
    const moved = await client.patch(`/api/appointments/${id}`, { startsAt: at(14, 17) });
    expect(moved.body.appointment).toMatchObject({
      startsAt: '2030-01-17T11:00:00.000Z',
      endsAt: '2030-01-17T12:00:00.000Z',
    });
    const resized = await client.patch(`/api/appointments/${id}`, { endsAt: at(16, 17) });
    expect(resized.body.appointment.endsAt).toBe('2030-01-17T13:00:00.000Z');
    const onto = await client.patch(`/api/appointments/${id}`, { startsAt: at(12, 17), endsAt: at(13, 17) });
    expect(onto.status).toBe(409);
    expect(onto.body.error.details.conflicts[0].id).toBe(b.body.appointment.id);
    const otherLift = await client.patch(`/api/appointments/${id}`, {
      liftId: other.id,
      startsAt: at(12, 17),
      endsAt: at(13, 17),
    });
    expect(otherLift.body.appointment.liftId).toBe(other.id);
    const backwards = await client.patch(`/api/appointments/${id}`, { endsAt: at(8, 17) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.field).toBe('endsAt');
    expect((await client.post(`/api/appointments/${id}/cancel`, {})).body.error.field).toBe('reason');
    const cancelled = await client.post(`/api/appointments/${id}/cancel`, { reason: 'customer called' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'customer called' });
    expect((await client.patch(`/api/appointments/${id}`, { startsAt: at(9, 17) })).status).toBe(409);
    // the slot is free again
    expect(
      (await client.post('/api/appointments', { liftId: other.id, startsAt: at(12, 17), endsAt: at(13, 17) }))
        .status,
    ).toBe(201);
    const noShow = await client.post(`/api/appointments/${b.body.appointment.id}/no-show`, {});
    expect(noShow.body.status).toBe('no_show');
    expect((await client.post(`/api/appointments/${b.body.appointment.id}/arrive`, {})).status).toBe(409);
    const manager = await signedIn(station, 'manager');
    const broken = await manager.client.post('/api/lifts', {
      code: 'OOO1',
      name: 'Broken',
      kind: 'pit',
      status: 'out_of_order',
    });
    expect(
      (
        await client.post('/api/appointments', {
          liftId: broken.body.id,
          startsAt: at(9, 18),
          endsAt: at(10, 18),
        })
      ).status,
    ).toBe(409);
    expect(
      (await client.post('/api/appointments', { liftId: lift.id, startsAt: 'tomorrow' })).body.error.field,
    ).toBe('startsAt');
    expect((await client.get('/api/appointments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const mechanic = await signedIn(station, 'mechanic');
    expect(
      (await mechanic.client.post('/api/appointments', { liftId: lift.id, startsAt: at(9, 20) })).status,
    ).toBe(403);
  });

  it('day and week views per lift, in station-local days', async () => {
    const { client } = await signedIn(station, 'advisor');
    const lift = await makeLift(station);
    // 23:30 local on Jan 21 is 20:30Z; 00:30 local on Jan 22 is 21:30Z on Jan 21 in UTC
    const late = await client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: '2030-01-21T20:30:00Z',
      endsAt: '2030-01-21T21:00:00Z',
    });
    const nextDay = await client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: '2030-01-21T21:30:00Z',
      endsAt: '2030-01-21T22:30:00Z',
    });
    const day = await client.get(`/api/schedule/day?date=2030-01-22&liftId=${lift.id}`);
    expect(day.status).toBe(200);
    expect(day.body).toMatchObject({
      from: '2030-01-22',
      to: '2030-01-22',
      timezone: 'Europe/Moscow',
      startsAt: '2030-01-21T21:00:00.000Z',
    });
    expect(day.body.lifts).toHaveLength(1);
    expect(day.body.lifts[0].appointments.map((a: { id: string }) => a.id)).toEqual([
      nextDay.body.appointment.id,
    ]);
    const week = await client.get(`/api/schedule/week?date=2030-01-23&liftId=${lift.id}`);
    expect(week.body).toMatchObject({ from: '2030-01-21', to: '2030-01-27' });
    expect(week.body.lifts[0].appointments.map((a: { id: string }) => a.id)).toEqual([
      late.body.appointment.id,
      nextDay.body.appointment.id,
    ]);
    const all = await client.get('/api/schedule/day?date=2030-01-22');
    expect(all.body.lifts.length).toBeGreaterThan(1);
    expect((await client.get('/api/schedule/day?date=2030-02-30')).body.error.field).toBe('date');
  });
});

describe('lift placements', () => {
  it('puts a car on a lift and takes it off, one order per lift, emitting events', async () => {
    const { client } = await signedIn(station, 'foreman');
    const lift = await makeLift(station);
    const otherLift = await makeLift(station);
    const { order } = await makeOrder(station);
    const { order: second } = await makeOrder(station);
    events.length = 0;
    const placed = await client.post(`/api/lifts/${lift.id}/placement`, { orderId: order.id });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      orderId: order.id,
      liftId: lift.id,
      orderNumber: order.number,
      removedAt: null,
    });
    expect((await client.get(`/api/orders/${order.id}`)).body.liftId).toBe(lift.id);
    const taken = await client.post(`/api/lifts/${lift.id}/placement`, { orderId: second.id });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details.placement.orderId).toBe(order.id);
    // moving the car to another lift closes the first placement
    const moved = await client.post(`/api/lifts/${otherLift.id}/placement`, { orderId: order.id });
    expect(moved.status).toBe(201);
    expect((await client.get(`/api/lifts/${lift.id}/placement`)).body.placement).toBeNull();
    const removed = await client.delete(`/api/lifts/${otherLift.id}/placement`, {});
    expect(removed.body.removedAt).not.toBeNull();
    expect((await client.delete(`/api/lifts/${otherLift.id}/placement`, {})).status).toBe(404);
    await new Promise((r) => setTimeout(r, 10));
    expect(events.filter((e) => e.type.startsWith('placement.')).map((e) => [e.type, e.liftId])).toEqual([
      ['placement.placed', lift.id],
      ['placement.removed', lift.id],
      ['placement.placed', otherLift.id],
      ['placement.removed', otherLift.id],
    ]);
    const day = await client.get(`/api/schedule/day?liftId=${lift.id}`);
    expect(day.body.lifts[0].placements[0]).toMatchObject({ orderId: order.id });
  });

  it('exports placeOnLift/removeFromLift; job events carry the lift; handing over takes the car off', async () => {
    const lift = await makeLift(station);
    const { order } = await makeOrder(station);
    const { client } = await signedIn(station, 'advisor');
    const job = await client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Tyres',
      normSeconds: 1200,
      pricing: 'fixed',
      fixedPriceMinor: 1000,
    });
    await client.post(`/api/orders/${order.id}/transitions`, { to: 'approved' });
    await asFactory(station, (cx) => placeOnLift(cx, { orderId: order.id, liftId: lift.id }));
    await expect(
      asFactory(station, (cx) => placeOnLift(cx, { orderId: order.id, liftId: lift.id })),
    ).rejects.toMatchObject({ status: 409 });
    events.length = 0;
    await client.post(`/api/orders/${order.id}/jobs/${job.body.jobs[0].id}/start`, {});
    await new Promise((r) => setTimeout(r, 10));
    expect(events.find((e) => e.type === 'job.started')).toMatchObject({ liftId: lift.id });
    await client.post(`/api/orders/${order.id}/jobs/${job.body.jobs[0].id}/complete`, {});
    await client.post(`/api/orders/${order.id}/transitions`, { to: 'done' });
    await client.post(`/api/orders/${order.id}/transitions`, { to: 'handed_over' });
    expect((await client.get(`/api/orders/${order.id}`)).body.liftId).toBeNull();
    await expect(asFactory(station, (cx) => removeFromLift(cx, { orderId: order.id }))).rejects.toMatchObject(
      { status: 404 },
    );
    const closedOrderPlacement = await client.post(`/api/lifts/${lift.id}/placement`, { orderId: order.id });
    expect(closedOrderPlacement.status).toBe(409);
  });

  it('PostgreSQL itself refuses two open placements on one lift', async () => {
    const lift = await makeLift(station);
    const { order: a } = await makeOrder(station);
    const { order: b } = await makeOrder(station);
    const insert = (orderId: string) =>
      station.deps.sequelize.query(
        `INSERT INTO lift_placements (id, order_id, lift_id, placed_at) VALUES (gen_random_uuid(), :orderId, :liftId, now())`,
        {
          replacements: { orderId, liftId: lift.id },
        },
      );
    await insert(a.id);
    await expect(insert(b.id)).rejects.toMatchObject({ name: 'SequelizeExclusionConstraintError' });
  });
});

describe('a cancelled order', () => {
  it('cancels its bookings that have not happened', async () => {
    const { client } = await signedIn(station, 'advisor');
    const lift = await makeLift(station);
    const { order } = await makeOrder(station);
    const booking = await client.post('/api/appointments', {
      liftId: lift.id,
      startsAt: at(9, 24),
      endsAt: at(10, 24),
      orderId: order.id,
    });
    await client.post(`/api/orders/${order.id}/transitions`, { to: 'cancelled', reason: 'no longer needed' });
    const after = await client.get(`/api/appointments/${booking.body.appointment.id}`);
    expect(after.body).toMatchObject({
      status: 'cancelled',
      cancelReason: `order ${order.number} cancelled`,
    });
  });
});

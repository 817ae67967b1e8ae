import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookAppointment,
  cancelAppointment,
  markNoShow,
} from '../../../server/src/modules/scheduler/index.ts';
import { createPurchaseOrder, sendPurchaseOrder } from '../../../server/src/modules/warehouse/index.ts';
import { asFactory, makeLift, signedIn } from '../../support/factories.ts';
import { dealStage, makeDeal, stageIds, workOrder } from '../../support/factories-crm.ts';
import {
  makeLocation,
  makeOrderWithParts,
  makePart,
  makeSupplier,
} from '../../support/factories-warehouse.ts';
import { makeCustomer, makeOrder, makeVehicle } from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

let station: TestStation;
let stages: Record<string, string>;
let slot = 0;
beforeAll(async () => {
  station = await startTestStation();
  stages = await stageIds(station);
});
afterAll(async () => {
  await station?.close();
});

async function book(customerId: string, vehicleId: string | null, orderId: string | null = null) {
  const lift = await makeLift(station);
  slot += 1;
  const startsAt = new Date(Date.now() + (48 + slot * 2) * 3600_000);
  const { appointment } = await asFactory(station, (cx) =>
    bookAppointment(cx, {
      liftId: lift.id,
      startsAt,
      durationSeconds: 3600,
      customerId,
      vehicleId,
      orderId,
      timezone: station.config.station.timezone,
    }),
  );
  return appointment;
}

const openTasks = (dealId: string) =>
  station.deps.sequelize.query<{ title: string; rule_code: string }>(
    `SELECT title, rule_code FROM crm_tasks WHERE deal_id = :dealId AND status = 'open' ORDER BY created_at`,
    { type: QueryTypes.SELECT, replacements: { dealId } },
  );

describe('automatic deal moves', () => {
  it('a booking for the customer moves their open deal to "awaiting arrival" and links the appointment', async () => {
    const customer = await makeCustomer(station);
    const vehicle = await makeVehicle(station, customer.id);
    const deal = await makeDeal(station, { customerId: customer.id, vehicleId: vehicle.id });
    const appointment = await book(customer.id, vehicle.id);
    expect(await dealStage(station, deal.id)).toBe('awaiting_arrival');
    const [link] = await station.deps.sequelize.query<{ deal_id: string }>(
      `SELECT deal_id FROM deal_appointments WHERE appointment_id = :id`,
      { type: QueryTypes.SELECT, replacements: { id: appointment.id } },
    );
    expect(link!.deal_id).toBe(deal.id);
  });

  it('a cancelled appointment takes the deal back to "agreeing" with a task; a no-show too', async () => {
    const { user } = await signedIn(station, 'advisor');
    const customer = await makeCustomer(station);
    const deal = await makeDeal(station, { customerId: customer.id, ownerId: user.id });
    const first = await book(customer.id, null);
    await asFactory(station, (cx) =>
      cancelAppointment(cx, { appointmentId: first.id, reason: 'customer ill' }),
    );
    expect(await dealStage(station, deal.id)).toBe('agreeing');
    expect(await openTasks(deal.id)).toEqual([
      { title: 'The appointment was cancelled: agree a new time', rule_code: 'appointment.cancelled' },
    ]);
    const [task] = await station.deps.sequelize.query<{ assignee_id: string }>(
      `SELECT assignee_id FROM crm_tasks WHERE deal_id = :dealId`,
      { type: QueryTypes.SELECT, replacements: { dealId: deal.id } },
    );
    expect(task!.assignee_id).toBe(user.id);
    const second = await book(customer.id, null);
    expect(await dealStage(station, deal.id)).toBe('awaiting_arrival');
    await asFactory(station, (cx) => markNoShow(cx, { appointmentId: second.id }));
    expect(await dealStage(station, deal.id)).toBe('agreeing');
    expect((await openTasks(deal.id)).map((t) => t.rule_code)).toEqual([
      'appointment.cancelled',
      'appointment.no_show',
    ]);
  });

  it('a manual move wins: no automatic move below the stage a person chose; the skip is audited and the task still made', async () => {
    const { client } = await signedIn(station, 'manager');
    const customer = await makeCustomer(station);
    const deal = await makeDeal(station, { customerId: customer.id });
    const appointment = await book(customer.id, null);
    // The manager confirms "awaiting arrival" by hand after talking to the customer.
    await client.post(`/api/crm/deals/${deal.id}/move`, { stageId: stages.ready });
    await client.post(`/api/crm/deals/${deal.id}/move`, { stageId: stages.awaiting_arrival });
    await asFactory(station, (cx) =>
      cancelAppointment(cx, { appointmentId: appointment.id, reason: 'moved' }),
    );
    expect(await dealStage(station, deal.id)).toBe('awaiting_arrival');
    expect((await openTasks(deal.id)).map((t) => t.rule_code)).toEqual(['appointment.cancelled']);
    const [skip] = await station.deps.sequelize.query<{ after: Record<string, string> }>(
      `SELECT after FROM audit_log WHERE action = 'deal.auto_move_skipped' AND entity_id = :id`,
      { type: QueryTypes.SELECT, replacements: { id: deal.id } },
    );
    expect(skip!.after).toMatchObject({
      trigger: 'appointment.cancelled',
      from: 'awaiting_arrival',
      to: 'agreeing',
      reason: 'below_manual_move',
    });
    // Forward moves still happen after a manual move.
    const { order } = await makeOrder(station, { customerId: customer.id });
    await workOrder(station, order.id, 'in_work');
    expect(await dealStage(station, deal.id)).toBe('in_work');
  });

  it('automatic moves never go backwards without a rule that allows it, and never touch a closed deal', async () => {
    const { client } = await signedIn(station, 'manager');
    const customer = await makeCustomer(station);
    const deal = await makeDeal(station, { customerId: customer.id, stageId: stages.ready });
    await book(customer.id, null);
    expect(await dealStage(station, deal.id)).toBe('ready');
    const reasons = await client.get('/api/crm/lost-reasons');
    await client.post(`/api/crm/deals/${deal.id}/move`, {
      stageId: stages.lost,
      lostReasonId: reasons.body.items[0].id,
    });
    const { order } = await makeOrder(station, { customerId: customer.id });
    await workOrder(station, order.id, 'paid');
    expect(await dealStage(station, deal.id)).toBe('lost');
  });

  it('a purchase order for parts a deal is waiting for moves it to "parts ordered"', async () => {
    const supplier = await makeSupplier(station);
    const location = await makeLocation(station);
    const part = await makePart(station);
    const { order, customer } = await makeOrderWithParts(station, [{ partId: part.id, quantity: 2 }]);
    const deal = await makeDeal(station, { customerId: customer!.id, stageId: stages.agreeing });
    await asFactory(station, async (cx) => {
      const { dealForOrder } = await import('../../../server/src/modules/crm/automation/find-deals.ts');
      await dealForOrder(cx, order.id);
    });
    const po = await asFactory(station, (cx) =>
      createPurchaseOrder(cx, {
        supplierId: supplier.id,
        locationId: location.id,
        lines: [{ partId: part.id, quantity: 2 }],
      }),
    );
    expect(await dealStage(station, deal.id)).toBe('agreeing');
    await asFactory(station, (cx) => sendPurchaseOrder(cx, po.id));
    expect(await dealStage(station, deal.id)).toBe('parts_ordered');
  });

  it('the mapping is configuration: a rule can point elsewhere or be switched off', async () => {
    const { client } = await signedIn(station, 'manager');
    const pipelines = await client.get('/api/crm/pipelines');
    const pipeline = pipelines.body.items.find((p: { isDefault: boolean }) => p.isDefault);
    expect(pipeline.rules.map((r: { trigger: string }) => r.trigger)).toContain('appointment.booked');
    const changed = await client.put(`/api/crm/pipelines/${pipeline.id}/rules`, {
      trigger: 'appointment.booked',
      stageCode: 'agreeing',
    });
    expect(changed.status).toBe(200);
    const customer = await makeCustomer(station);
    const deal = await makeDeal(station, { customerId: customer.id });
    await book(customer.id, null);
    expect(await dealStage(station, deal.id)).toBe('agreeing');
    const bad = await client.put(`/api/crm/pipelines/${pipeline.id}/rules`, {
      trigger: 'appointment.booked',
      stageCode: 'nowhere',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('stageCode');
    expect(
      (
        await client.put(`/api/crm/pipelines/${pipeline.id}/rules`, {
          trigger: 'sunrise',
          stageCode: 'agreeing',
        })
      ).body.error.field,
    ).toBe('trigger');
    const advisor = await signedIn(station, 'advisor');
    expect(
      (
        await advisor.client.put(`/api/crm/pipelines/${pipeline.id}/rules`, {
          trigger: 'appointment.booked',
          stageCode: 'agreeing',
        })
      ).status,
    ).toBe(403);
    await client.put(`/api/crm/pipelines/${pipeline.id}/rules`, {
      trigger: 'appointment.booked',
      stageCode: 'awaiting_arrival',
      active: false,
    });
    const other = await makeCustomer(station);
    const idle = await makeDeal(station, { customerId: other.id });
    await book(other.id, null);
    expect(await dealStage(station, idle.id)).toBe('new_request');
    await client.put(`/api/crm/pipelines/${pipeline.id}/rules`, {
      trigger: 'appointment.booked',
      stageCode: 'awaiting_arrival',
    });
  });
});

import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, forbidden, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorUserId } from '../actor.ts';
import { Customer, RepairOrder, Vehicle } from '../models/index.ts';
import { formatOrderNumber, yearIn } from '../rules/order-number.ts';
import { ownScopeUserId } from '../workshop.policy.ts';
import { stationTax } from './order-support.ts';
import { checkedMileage } from './record-mileage.ts';

export interface CreateOrderInput {
  customerId: string;
  vehicleId: string;
  mileageKm?: number;
  confirmLowerMileage?: boolean;
  complaint?: string | null;
  notes?: string | null;
  advisorId?: string | null;
  discountBp?: number;
  /** The station's time zone: the year of the number is the local year of opening. */
  timezone: string;
}

/** The next number of the year. The counter row stays locked until the transaction ends, so numbers have no gaps. */
async function takeOrderNumber(cx: CommandContext, year: number): Promise<string> {
  const [row] = await cx.sequelize.query<{ last_number: number }>(
    `INSERT INTO order_counters (year, last_number) VALUES (:year, 1)
     ON CONFLICT (year) DO UPDATE SET last_number = order_counters.last_number + 1
     RETURNING last_number`,
    { replacements: { year }, type: QueryTypes.SELECT, transaction: cx.tx },
  );
  return formatOrderNumber(year, Number(row!.last_number));
}

/** Opens a repair order as an estimate, with the station's tax settings of today and the intake mileage. */
export async function createOrder(cx: CommandContext, input: CreateOrderInput): Promise<RepairOrder> {
  const customer = await Customer.findByPk(input.customerId, { transaction: cx.tx });
  if (!customer) throw notFound('Customer');
  if (customer.mergedIntoId)
    throw conflict(
      'This customer was merged into another record',
      { mergedIntoId: customer.mergedIntoId },
      'customerId',
    );
  const vehicle = await Vehicle.findByPk(input.vehicleId, { transaction: cx.tx });
  if (!vehicle) throw notFound('Vehicle');
  const own = ownScopeUserId(cx.actor);
  const advisorId = input.advisorId !== undefined ? input.advisorId : actorUserId(cx.actor);
  if (own !== null && advisorId !== own) throw forbidden('With your scope, the orders you open are your own');
  const tax = await stationTax(cx);
  const number = await takeOrderNumber(cx, yearIn(cx.now, input.timezone));
  const order = await RepairOrder.create(
    {
      id: newId(),
      number,
      customerId: customer.id,
      vehicleId: vehicle.id,
      advisorId,
      status: 'estimate',
      mileageKm: input.mileageKm ?? null,
      complaint: input.complaint ?? null,
      notes: input.notes ?? null,
      discountBp: input.discountBp ?? 0,
      taxRateBp: tax.rateBp,
      pricesIncludeTax: tax.pricesIncludeTax,
      statusChangedAt: cx.now,
      createdBy: actorUserId(cx.actor),
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  if (input.mileageKm !== undefined) {
    await checkedMileage(cx, {
      vehicleId: vehicle.id,
      km: input.mileageKm,
      confirmLowerMileage: input.confirmLowerMileage,
      source: 'intake',
      orderId: order.id,
    });
  }
  await cx.sequelize.query(
    `INSERT INTO order_status_changes (id, order_id, from_status, to_status, at, actor_id, actor_name, reason)
     VALUES (:id, :orderId, NULL, 'estimate', :at, :actorId, :actorName, NULL)`,
    {
      replacements: {
        id: newId(),
        orderId: order.id,
        at: cx.now,
        actorId: cx.actor.id,
        actorName: cx.actor.name,
      },
      transaction: cx.tx,
    },
  );
  await recordAudit(cx, {
    action: 'order.created',
    entityType: 'repair_order',
    entityId: order.id,
    after: {
      number,
      customerId: customer.id,
      vehicleId: vehicle.id,
      advisorId,
      mileageKm: order.mileageKm,
      tax,
    },
  });
  cx.emit({
    type: 'order.created',
    orderId: order.id,
    number,
    customerId: customer.id,
    vehicleId: vehicle.id,
    advisorId,
  });
  return order;
}

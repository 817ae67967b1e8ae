import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Page } from '../../../contracts/dto.ts';
import type {
  JobMechanicDto,
  OrderPaymentsDto,
  PaymentDto,
  RepairOrderDto,
  RepairOrderSummaryDto,
  StatusChangeDto,
} from '../../../contracts/workshop.ts';
import { notFound } from '../../../platform/errors.ts';
import { OrderJob, OrderPart, RepairOrder } from '../models/index.ts';
import { suggestedDurationSeconds } from '../../scheduler/rules/booking.ts';
import { lineIsBillable } from '../rules/job-state.ts';
import { allowedTransitions, type OrderStatus } from '../rules/order-status.ts';
import { iso, presentJob, presentPart } from '../workshop.presenter.ts';

export async function findOrder(id: string, tx?: Transaction): Promise<RepairOrder> {
  const order = await RepairOrder.findByPk(id, { transaction: tx });
  if (!order) throw notFound('Repair order');
  return order;
}

/** Rows of repair_orders joined with customer and vehicle, as lists and history cards show them. */
export interface OrderSummaryRow {
  id: string;
  number: string;
  status: OrderStatus;
  customer_id: string;
  customer_name: string;
  vehicle_id: string;
  plate: string | null;
  vin: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
  advisor_id: string | null;
  total_minor: string;
  paid_minor: string;
  created_at: Date;
  status_changed_at: Date;
}

export const ORDER_SUMMARY_COLUMNS = `o.id, o.number, o.status, o.customer_id, c.name AS customer_name, o.vehicle_id, v.plate, v.vin, v.make, v.model, v.year,
  o.advisor_id, o.total_minor, o.paid_minor, o.created_at, o.status_changed_at`;
export const ORDER_SUMMARY_JOINS = `JOIN customers c ON c.id = o.customer_id JOIN vehicles v ON v.id = o.vehicle_id`;

export function presentOrderSummary(r: OrderSummaryRow): RepairOrderSummaryDto {
  const total = Number(r.total_minor);
  const paid = Number(r.paid_minor);
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    customerId: r.customer_id,
    customerName: r.customer_name,
    vehicle: { id: r.vehicle_id, plate: r.plate, vin: r.vin, make: r.make, model: r.model, year: r.year },
    advisorId: r.advisor_id,
    totalMinor: total,
    paidMinor: paid,
    balanceMinor: total - paid,
    createdAt: iso(r.created_at)!,
    statusChangedAt: iso(r.status_changed_at)!,
  };
}

export async function getOrderDto(
  sequelize: Sequelize,
  id: string,
  tx?: Transaction,
): Promise<RepairOrderDto> {
  const [row] = await sequelize.query<OrderSummaryRow & { advisor_name: string | null }>(
    `SELECT ${ORDER_SUMMARY_COLUMNS}, u.display_name AS advisor_name
       FROM repair_orders o ${ORDER_SUMMARY_JOINS} LEFT JOIN users u ON u.id = o.advisor_id WHERE o.id = :id`,
    { replacements: { id }, type: QueryTypes.SELECT, transaction: tx },
  );
  if (!row) throw notFound('Repair order');
  const [order, jobs, parts, mechanics, lift] = await Promise.all([
    RepairOrder.findByPk(id, { transaction: tx }),
    OrderJob.findAll({ where: { orderId: id }, order: [['position', 'ASC']], transaction: tx }),
    OrderPart.findAll({ where: { orderId: id }, order: [['position', 'ASC']], transaction: tx }),
    sequelize.query<{ job_id: string; staff_id: string; full_name: string; assigned_at: Date }>(
      `SELECT a.job_id, a.staff_id, s.full_name, a.assigned_at FROM order_job_assignments a
         JOIN order_jobs j ON j.id = a.job_id JOIN staff s ON s.id = a.staff_id
        WHERE j.order_id = :id AND a.unassigned_at IS NULL ORDER BY a.assigned_at`,
      { replacements: { id }, type: QueryTypes.SELECT, transaction: tx },
    ),
    sequelize.query<{ lift_id: string }>(
      `SELECT lift_id FROM lift_placements WHERE order_id = :id AND removed_at IS NULL`,
      {
        replacements: { id },
        type: QueryTypes.SELECT,
        transaction: tx,
      },
    ),
  ]);
  const o = order!;
  const normSeconds = jobs
    .filter((j) => lineIsBillable(j.decision))
    .reduce((sum, j) => sum + j.normSeconds, 0);
  const byJob = (jobId: string): JobMechanicDto[] =>
    mechanics
      .filter((m) => m.job_id === jobId)
      .map((m) => ({ staffId: m.staff_id, fullName: m.full_name, assignedAt: iso(m.assigned_at)! }));
  return {
    ...presentOrderSummary(row),
    allowedTransitions: [...allowedTransitions(o.status)],
    advisorName: row.advisor_name,
    mileageKm: o.mileageKm,
    complaint: o.complaint,
    notes: o.notes,
    discountBp: o.discountBp,
    tax: { rateBp: o.taxRateBp, pricesIncludeTax: o.pricesIncludeTax },
    totals: {
      labourMinor: o.labourMinor,
      partsMinor: o.partsMinor,
      grossMinor: o.grossMinor,
      discountMinor: o.discountMinor,
      netMinor: o.netMinor,
      taxMinor: o.taxMinor,
      totalMinor: o.totalMinor,
      totalWithoutTaxMinor: o.totalMinor - o.taxMinor,
    },
    normSeconds,
    suggestedBookingSeconds: suggestedDurationSeconds(normSeconds),
    credit: o.creditAllowedAt
      ? { allowedAt: iso(o.creditAllowedAt)!, allowedBy: o.creditAllowedBy, note: o.creditNote }
      : null,
    cancelReason: o.cancelReason,
    closedAt: iso(o.closedAt),
    liftId: lift[0]?.lift_id ?? null,
    jobs: jobs.map((j) => presentJob(j, byJob(j.id))),
    parts: parts.map(presentPart),
    updatedAt: iso(o.updatedAt)!,
  };
}

export async function listOrders(
  sequelize: Sequelize,
  q: {
    status?: OrderStatus;
    open?: 'true' | 'false';
    customerId?: string;
    vehicleId?: string;
    q?: string;
    advisorId?: string | null;
    offset: number;
    limit: number;
  },
): Promise<Page<RepairOrderSummaryDto>> {
  const conditions: string[] = ['true'];
  const replacements: Record<string, unknown> = { offset: q.offset, limit: q.limit };
  if (q.status) {
    conditions.push('o.status = :status');
    replacements.status = q.status;
  }
  if (q.open === 'true') conditions.push(`o.status NOT IN ('closed', 'cancelled')`);
  if (q.open === 'false') conditions.push(`o.status IN ('closed', 'cancelled')`);
  if (q.customerId) {
    conditions.push('o.customer_id = :customerId');
    replacements.customerId = q.customerId;
  }
  if (q.vehicleId) {
    conditions.push('o.vehicle_id = :vehicleId');
    replacements.vehicleId = q.vehicleId;
  }
  if (q.advisorId) {
    conditions.push('o.advisor_id = :advisorId');
    replacements.advisorId = q.advisorId;
  }
  if (q.q) {
    conditions.push(`o.number LIKE :number`);
    replacements.number = `%${q.q.toUpperCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  }
  const rows = await sequelize.query<OrderSummaryRow & { total: string }>(
    `SELECT ${ORDER_SUMMARY_COLUMNS}, count(*) OVER () AS total FROM repair_orders o ${ORDER_SUMMARY_JOINS}
      WHERE ${conditions.join(' AND ')} ORDER BY o.created_at DESC, o.id OFFSET :offset LIMIT :limit`,
    { replacements, type: QueryTypes.SELECT },
  );
  return {
    items: rows.map(presentOrderSummary),
    total: Number(rows[0]?.total ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}

export async function statusHistory(sequelize: Sequelize, orderId: string): Promise<StatusChangeDto[]> {
  const rows = await sequelize.query<{
    from_status: OrderStatus | null;
    to_status: OrderStatus;
    at: Date;
    actor_name: string | null;
    reason: string | null;
  }>(
    `SELECT from_status, to_status, at, actor_name, reason FROM order_status_changes WHERE order_id = :orderId ORDER BY at, id`,
    { replacements: { orderId }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    from: r.from_status,
    to: r.to_status,
    at: iso(r.at)!,
    actorName: r.actor_name,
    reason: r.reason,
  }));
}

export interface PaymentRow {
  id: string;
  order_id: string;
  number: string;
  method: PaymentDto['method'];
  amount_minor: string;
  refund_of: string | null;
  received_at: Date;
  recorded_by_name: string | null;
  note: string | null;
}

export function presentPayment(r: PaymentRow): PaymentDto {
  const amount = Number(r.amount_minor);
  return {
    id: r.id,
    orderId: r.order_id,
    orderNumber: r.number,
    method: r.method,
    kind: amount < 0 ? 'refund' : 'payment',
    amountMinor: amount,
    refundOf: r.refund_of,
    receivedAt: iso(r.received_at)!,
    recordedByName: r.recorded_by_name,
    note: r.note,
  };
}

export async function orderPayments(sequelize: Sequelize, orderId: string): Promise<OrderPaymentsDto> {
  const order = await findOrder(orderId);
  const rows = await sequelize.query<PaymentRow>(
    `SELECT p.id, p.order_id, o.number, p.method, p.amount_minor, p.refund_of, p.received_at, p.recorded_by_name, p.note
       FROM payments p JOIN repair_orders o ON o.id = p.order_id WHERE p.order_id = :orderId ORDER BY p.received_at DESC, p.created_at DESC`,
    { replacements: { orderId }, type: QueryTypes.SELECT },
  );
  return {
    items: rows.map(presentPayment),
    totalMinor: order.totalMinor,
    paidMinor: order.paidMinor,
    balanceMinor: order.totalMinor - order.paidMinor,
  };
}

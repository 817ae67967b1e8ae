import { QueryTypes, type Sequelize } from 'sequelize';
import type {
  CustomerCardDto,
  HistoryPage,
  OfferedLineDto,
  PaymentDto,
  RepairOrderSummaryDto,
  VehicleCardDto,
  VisitDto,
} from '../../../contracts/workshop.ts';
import { notFound } from '../../../platform/errors.ts';
import { Customer, Vehicle } from '../models/index.ts';
import { iso } from '../workshop.presenter.ts';
import { customerDto } from './customers.ts';
import {
  ORDER_SUMMARY_COLUMNS,
  ORDER_SUMMARY_JOINS,
  presentOrderSummary,
  presentPayment,
  type OrderSummaryRow,
  type PaymentRow,
} from './orders.ts';
import { mileageHistory, ownershipHistory, vehicleDto } from './vehicles.ts';

/** Whose history: a customer's (every order they paid for) or a vehicle's (every order on the car, whoever paid). */
export type HistorySubject = { customerId: string } | { vehicleId: string };
export type HistorySection = 'orders' | 'payments' | 'visits' | 'declined' | 'recommendations';
export interface PageRequest {
  offset: number;
  limit: number;
}

const subjectColumn = (s: HistorySubject, table: string) =>
  'customerId' in s ? `${table}.customer_id` : `${table}.vehicle_id`;
const subjectId = (s: HistorySubject) => ('customerId' in s ? s.customerId : s.vehicleId);

function page<T>(items: T[], rows: Array<{ total: string }>, p: PageRequest): HistoryPage<T> {
  return { items, total: Number(rows[0]?.total ?? 0), offset: p.offset, limit: p.limit };
}

export async function historyOrders(
  sequelize: Sequelize,
  s: HistorySubject,
  p: PageRequest,
): Promise<HistoryPage<RepairOrderSummaryDto>> {
  const rows = await sequelize.query<OrderSummaryRow & { total: string }>(
    `SELECT ${ORDER_SUMMARY_COLUMNS}, count(*) OVER () AS total FROM repair_orders o ${ORDER_SUMMARY_JOINS}
      WHERE ${subjectColumn(s, 'o')} = :id ORDER BY o.created_at DESC, o.id DESC OFFSET :offset LIMIT :limit`,
    { replacements: { id: subjectId(s), ...p }, type: QueryTypes.SELECT },
  );
  return page(rows.map(presentOrderSummary), rows, p);
}

export async function historyPayments(
  sequelize: Sequelize,
  s: HistorySubject,
  p: PageRequest,
): Promise<HistoryPage<PaymentDto>> {
  const rows = await sequelize.query<PaymentRow & { total: string }>(
    `SELECT p.id, p.order_id, o.number, p.method, p.amount_minor, p.refund_of, p.received_at, p.recorded_by_name, p.note, count(*) OVER () AS total
       FROM repair_orders o JOIN payments p ON p.order_id = o.id
      WHERE ${subjectColumn(s, 'o')} = :id ORDER BY p.received_at DESC, p.created_at DESC, p.id OFFSET :offset LIMIT :limit`,
    { replacements: { id: subjectId(s), ...p }, type: QueryTypes.SELECT },
  );
  return page(rows.map(presentPayment), rows, p);
}

export async function historyVisits(
  sequelize: Sequelize,
  s: HistorySubject,
  p: PageRequest,
): Promise<HistoryPage<VisitDto>> {
  const rows = await sequelize.query<{
    id: string;
    starts_at: Date;
    ends_at: Date;
    status: VisitDto['status'];
    lift_id: string;
    lift_name: string;
    order_id: string | null;
    number: string | null;
    vehicle_id: string | null;
    title: string | null;
    total: string;
  }>(
    `SELECT a.id, lower(a.during) AS starts_at, upper(a.during) AS ends_at, a.status, a.lift_id, l.name AS lift_name, a.order_id, o.number,
            a.vehicle_id, a.title, count(*) OVER () AS total
       FROM appointments a JOIN lifts l ON l.id = a.lift_id LEFT JOIN repair_orders o ON o.id = a.order_id
      WHERE ${subjectColumn(s, 'a')} = :id ORDER BY lower(a.during) DESC, a.id OFFSET :offset LIMIT :limit`,
    { replacements: { id: subjectId(s), ...p }, type: QueryTypes.SELECT },
  );
  return page(
    rows.map((r) => ({
      appointmentId: r.id,
      startsAt: iso(r.starts_at)!,
      endsAt: iso(r.ends_at)!,
      status: r.status,
      liftId: r.lift_id,
      liftName: r.lift_name,
      orderId: r.order_id,
      orderNumber: r.number,
      vehicleId: r.vehicle_id,
      title: r.title,
    })),
    rows,
    p,
  );
}

/** Recommended lines with the given decision, jobs and parts together, newest first. */
async function offeredLines(
  sequelize: Sequelize,
  s: HistorySubject,
  decision: 'declined' | 'pending',
  p: PageRequest,
): Promise<HistoryPage<OfferedLineDto>> {
  const rows = await sequelize.query<{
    line_type: OfferedLineDto['lineType'];
    line_id: string;
    order_id: string;
    number: string;
    vehicle_id: string;
    name: string;
    amount: string;
    decision: OfferedLineDto['decision'];
    recommended_by_name: string | null;
    decided_at: Date | null;
    decided_via: OfferedLineDto['decidedVia'];
    decision_note: string | null;
    created_at: Date;
    total: string;
  }>(
    `WITH lines AS (
       SELECT 'job'::text AS line_type, j.id AS line_id, j.order_id, j.name, j.net_minor, j.decision, j.recommended_by_name, j.decided_at,
              j.decided_via, j.decision_note, j.created_at
         FROM order_jobs j JOIN repair_orders o ON o.id = j.order_id
        WHERE ${subjectColumn(s, 'o')} = :id AND j.decision = :decision AND o.status <> 'cancelled'
       UNION ALL
       SELECT pt.kind, pt.id, pt.order_id, pt.name, pt.net_minor, pt.decision, pt.recommended_by_name, pt.decided_at,
              pt.decided_via, pt.decision_note, pt.created_at
         FROM order_parts pt JOIN repair_orders o ON o.id = pt.order_id
        WHERE ${subjectColumn(s, 'o')} = :id AND pt.decision = :decision AND o.status <> 'cancelled'
     )
     SELECT l.line_type, l.line_id, l.order_id, o.number, o.vehicle_id, l.name, l.net_minor AS amount, l.decision, l.recommended_by_name,
            l.decided_at, l.decided_via, l.decision_note, l.created_at, count(*) OVER () AS total
       FROM lines l JOIN repair_orders o ON o.id = l.order_id
      ORDER BY coalesce(l.decided_at, l.created_at) DESC, l.line_id OFFSET :offset LIMIT :limit`,
    { replacements: { id: subjectId(s), decision, ...p }, type: QueryTypes.SELECT },
  );
  return page(
    rows.map((r) => ({
      lineType: r.line_type,
      lineId: r.line_id,
      orderId: r.order_id,
      orderNumber: r.number,
      vehicleId: r.vehicle_id,
      name: r.name,
      amountMinor: Number(r.amount),
      decision: r.decision,
      recommendedByName: r.recommended_by_name,
      decidedAt: iso(r.decided_at),
      decidedVia: r.decided_via,
      decisionNote: r.decision_note,
      createdAt: iso(r.created_at)!,
    })),
    rows,
    p,
  );
}

export function historySection(
  sequelize: Sequelize,
  s: HistorySubject,
  section: HistorySection,
  p: PageRequest,
): Promise<HistoryPage<unknown>> {
  switch (section) {
    case 'orders':
      return historyOrders(sequelize, s, p);
    case 'payments':
      return historyPayments(sequelize, s, p);
    case 'visits':
      return historyVisits(sequelize, s, p);
    case 'declined':
      return offeredLines(sequelize, s, 'declined', p);
    case 'recommendations':
      return offeredLines(sequelize, s, 'pending', p);
  }
}

async function summary(sequelize: Sequelize, s: HistorySubject) {
  const [row] = await sequelize.query<{
    orders: string;
    spent: string;
    debt: string;
    open_balance: string;
    last_order: Date | null;
    last_visit: Date | null;
  }>(
    `SELECT count(*) AS orders,
            coalesce(sum(o.total_minor) FILTER (WHERE o.status IN ('handed_over', 'closed')), 0) AS spent,
            coalesce(sum(o.total_minor - o.paid_minor) FILTER (WHERE o.status IN ('handed_over', 'closed') AND o.total_minor > o.paid_minor), 0) AS debt,
            coalesce(sum(o.total_minor - o.paid_minor) FILTER (WHERE o.status NOT IN ('closed', 'cancelled')), 0) AS open_balance,
            max(o.created_at) AS last_order,
            (SELECT max(lower(a.during)) FROM appointments a WHERE ${subjectColumn(s, 'a')} = :id AND a.status IN ('arrived', 'completed')) AS last_visit
       FROM repair_orders o WHERE ${subjectColumn(s, 'o')} = :id AND o.status <> 'cancelled'`,
    { replacements: { id: subjectId(s) }, type: QueryTypes.SELECT },
  );
  const lastOrder = row?.last_order ? new Date(row.last_order) : null;
  const lastVisit = row?.last_visit ? new Date(row.last_visit) : null;
  const last =
    lastOrder && lastVisit ? (lastOrder > lastVisit ? lastOrder : lastVisit) : (lastOrder ?? lastVisit);
  return {
    ordersCount: Number(row?.orders ?? 0),
    spentMinor: Number(row?.spent ?? 0),
    debtMinor: Number(row?.debt ?? 0),
    openBalanceMinor: Number(row?.open_balance ?? 0),
    lastVisitAt: iso(last),
  };
}

/** The customer card: details, vehicles, money owed, and the first page of every history section. */
export async function customerCard(
  sequelize: Sequelize,
  customerId: string,
  p: PageRequest,
): Promise<CustomerCardDto> {
  const customer = await Customer.findByPk(customerId);
  if (!customer) throw notFound('Customer');
  const s = { customerId };
  const [dto, sum, orders, payments, visits, declined, recommendations] = await Promise.all([
    customerDto(customer),
    summary(sequelize, s),
    historyOrders(sequelize, s, p),
    historyPayments(sequelize, s, p),
    historyVisits(sequelize, s, p),
    offeredLines(sequelize, s, 'declined', p),
    offeredLines(sequelize, s, 'pending', p),
  ]);
  return { customer: dto, summary: sum, orders, payments, visits, declined, recommendations };
}

/** The vehicle card: details, owners over time, mileage readings, and every history section of the car. */
export async function vehicleCard(
  sequelize: Sequelize,
  vehicleId: string,
  p: PageRequest,
): Promise<VehicleCardDto> {
  const vehicle = await Vehicle.findByPk(vehicleId);
  if (!vehicle) throw notFound('Vehicle');
  const s = { vehicleId };
  const [dto, owners, mileage, sum, orders, payments, visits, declined, recommendations] = await Promise.all([
    vehicleDto(vehicle),
    ownershipHistory(sequelize, vehicleId),
    mileageHistory(vehicleId),
    summary(sequelize, s),
    historyOrders(sequelize, s, p),
    historyPayments(sequelize, s, p),
    historyVisits(sequelize, s, p),
    offeredLines(sequelize, s, 'declined', p),
    offeredLines(sequelize, s, 'pending', p),
  ]);
  return {
    vehicle: dto,
    owners,
    mileage,
    summary: { ordersCount: sum.ordersCount, debtMinor: sum.debtMinor, lastVisitAt: sum.lastVisitAt },
    orders,
    payments,
    visits,
    declined,
    recommendations,
  };
}

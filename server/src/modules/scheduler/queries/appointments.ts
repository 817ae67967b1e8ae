import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { AppointmentDto } from '../../../contracts/workshop.ts';
import { notFound } from '../../../platform/errors.ts';
import type { AppointmentStatus } from '../rules/booking.ts';

export interface AppointmentRow {
  id: string;
  lift_id: string;
  order_id: string | null;
  number: string | null;
  customer_id: string | null;
  customer_name: string | null;
  vehicle_id: string | null;
  plate: string | null;
  vin: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  title: string | null;
  note: string | null;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT a.id, a.lift_id, a.order_id, o.number, a.customer_id, c.name AS customer_name, a.vehicle_id,
    v.plate, v.vin, v.make, v.model, v.year, lower(a.during) AS starts_at, upper(a.during) AS ends_at, a.status, a.title, a.note,
    a.cancel_reason, a.created_at, a.updated_at
  FROM appointments a
  LEFT JOIN repair_orders o ON o.id = a.order_id
  LEFT JOIN customers c ON c.id = a.customer_id
  LEFT JOIN vehicles v ON v.id = a.vehicle_id`;

export interface AppointmentFilter {
  ids?: string[];
  liftId?: string;
  from?: Date;
  to?: Date;
  includeCancelled?: boolean;
}

export async function appointmentsWhere(
  sequelize: Sequelize,
  f: AppointmentFilter,
  tx?: Transaction,
): Promise<AppointmentDto[]> {
  const conditions = ['true'];
  const replacements: Record<string, unknown> = {};
  if (f.ids) {
    if (f.ids.length === 0) return [];
    conditions.push('a.id IN (:ids)');
    replacements.ids = f.ids;
  }
  if (f.liftId) {
    conditions.push('a.lift_id = :liftId');
    replacements.liftId = f.liftId;
  }
  if (f.from && f.to) {
    conditions.push('a.during && tstzrange(:from, :to)');
    Object.assign(replacements, { from: f.from, to: f.to });
  }
  if (!f.includeCancelled) conditions.push(`a.status <> 'cancelled'`);
  const rows = await sequelize.query<AppointmentRow>(
    `${SELECT} WHERE ${conditions.join(' AND ')} ORDER BY lower(a.during), a.id`,
    {
      replacements,
      type: QueryTypes.SELECT,
      transaction: tx,
    },
  );
  return presentAppointments(sequelize, rows, tx);
}

export async function presentAppointments(
  sequelize: Sequelize,
  rows: AppointmentRow[],
  tx?: Transaction,
): Promise<AppointmentDto[]> {
  if (rows.length === 0) return [];
  const mechanics = await sequelize.query<{ appointment_id: string; staff_id: string; full_name: string }>(
    `SELECT am.appointment_id, am.staff_id, s.full_name FROM appointment_mechanics am JOIN staff s ON s.id = am.staff_id
      WHERE am.appointment_id IN (:ids) ORDER BY s.full_name`,
    { replacements: { ids: rows.map((r) => r.id) }, type: QueryTypes.SELECT, transaction: tx },
  );
  return rows.map((r) => ({
    id: r.id,
    liftId: r.lift_id,
    orderId: r.order_id,
    orderNumber: r.number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    vehicle: r.vehicle_id
      ? { id: r.vehicle_id, plate: r.plate, vin: r.vin, make: r.make, model: r.model, year: r.year }
      : null,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    status: r.status,
    title: r.title,
    note: r.note,
    cancelReason: r.cancel_reason,
    mechanics: mechanics
      .filter((m) => m.appointment_id === r.id)
      .map((m) => ({ staffId: m.staff_id, fullName: m.full_name })),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

export async function getAppointment(
  sequelize: Sequelize,
  id: string,
  tx?: Transaction,
): Promise<AppointmentDto> {
  const [found] = await appointmentsWhere(sequelize, { ids: [id], includeCancelled: true }, tx);
  if (!found) throw notFound('Appointment');
  return found;
}

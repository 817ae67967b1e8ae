import { QueryTypes } from 'sequelize';
import type { AppointmentDto, ScheduleWarningDto } from '../../../contracts/workshop.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Staff } from '../../identity/models/index.ts';
import { Customer, OrderJob, RepairOrder, Vehicle } from '../../workshop/models/index.ts';
import { lineIsBillable } from '../../workshop/rules/job-state.ts';
import { Lift } from '../models/lift.ts';
import { appointmentsWhere, getAppointment } from '../queries/appointments.ts';
import { mechanicDayLoads } from '../queries/mechanic-load.ts';
import {
  appointmentChangeProblem,
  bookingRangeProblem,
  liftTakesJobKinds,
  overloadWarnings,
  suggestedDurationSeconds,
  type AppointmentStatus,
} from '../rules/booking.ts';
import { localDate } from '../rules/local-days.ts';
import { isExclusionViolation } from './db-errors.ts';

export interface BookAppointmentInput {
  liftId: string;
  startsAt: Date;
  /** Either an end, or a duration; with neither, the order's norm time (rounded up to 15 minutes) or one hour. */
  endsAt?: Date;
  durationSeconds?: number;
  orderId?: string | null;
  customerId?: string | null;
  vehicleId?: string | null;
  mechanicIds?: string[];
  title?: string | null;
  note?: string | null;
  /** The station's time zone: days for the overload check are local days. */
  timezone: string;
}

export interface ChangeAppointmentInput {
  appointmentId: string;
  liftId?: string;
  startsAt?: Date;
  endsAt?: Date;
  mechanicIds?: string[];
  title?: string | null;
  note?: string | null;
  timezone: string;
}

export interface BookingOutcome {
  appointment: AppointmentDto;
  warnings: ScheduleWarningDto[];
}

const ACTIVE: readonly AppointmentStatus[] = ['booked', 'arrived', 'completed'];

async function loadLift(cx: CommandContext, liftId: string): Promise<Lift> {
  const lift = await Lift.findByPk(liftId, { transaction: cx.tx });
  if (!lift) throw notFound('Lift');
  if (lift.status !== 'working')
    throw conflict(`${lift.name} is out of order`, { liftStatus: lift.status }, 'liftId');
  return lift;
}

async function checkMechanics(cx: CommandContext, ids: readonly string[]): Promise<void> {
  if (new Set(ids).size !== ids.length)
    throw badRequest('mechanicIds: a mechanic is listed twice', 'mechanicIds');
  for (const id of ids) {
    const staff = await Staff.findByPk(id, { transaction: cx.tx });
    if (!staff) throw notFound('Mechanic');
    if (!staff.active || (staff.position !== 'mechanic' && staff.position !== 'foreman')) {
      throw conflict(`${staff.fullName} is not an active mechanic`, undefined, 'mechanicIds');
    }
  }
}

async function orderNormSeconds(
  cx: CommandContext,
  orderId: string,
): Promise<{ normSeconds: number; jobKinds: string[] }> {
  const jobs = await OrderJob.findAll({ where: { orderId }, transaction: cx.tx });
  const billable = jobs.filter((j) => lineIsBillable(j.decision));
  return {
    normSeconds: billable.reduce((s, j) => s + j.normSeconds, 0),
    jobKinds: billable.map((j) => j.jobKind).filter((k): k is string => !!k),
  };
}

/** Runs the writes in a savepoint: an overlap refused by an EXCLUDE constraint becomes a 409 naming the bookings in the way. */
async function writeOrExplainConflict(
  cx: CommandContext,
  probe: {
    appointmentId: string;
    liftId: string;
    startsAt: Date;
    endsAt: Date;
    mechanicIds: readonly string[];
  },
  write: (sp: CommandContext['tx']) => Promise<void>,
): Promise<void> {
  try {
    await cx.sequelize.transaction({ transaction: cx.tx }, write);
  } catch (err) {
    if (!isExclusionViolation(err)) throw err;
    const rows = await cx.sequelize.query<{ id: string; lift: boolean }>(
      `SELECT a.id, a.lift_id = :liftId AS lift FROM appointments a
        WHERE a.id <> :self AND a.status IN (:active) AND a.during && tstzrange(:startsAt, :endsAt)
          AND (a.lift_id = :liftId OR EXISTS (SELECT 1 FROM appointment_mechanics am
                 WHERE am.appointment_id = a.id AND am.active AND am.staff_id IN (:mechanics)))
        ORDER BY lower(a.during)`,
      {
        replacements: {
          self: probe.appointmentId,
          liftId: probe.liftId,
          startsAt: probe.startsAt,
          endsAt: probe.endsAt,
          active: ACTIVE,
          mechanics: probe.mechanicIds.length ? probe.mechanicIds : ['00000000-0000-0000-0000-000000000000'],
        },
        type: QueryTypes.SELECT,
        transaction: cx.tx,
      },
    );
    const conflicts = await appointmentsWhere(cx.sequelize, { ids: rows.map((r) => r.id) }, cx.tx);
    const onLift = rows.some((r) => r.lift);
    throw conflict(
      onLift ? 'The lift is already booked at that time' : 'A mechanic is already booked at that time',
      { reason: onLift ? 'lift_booked' : 'mechanic_booked', conflicts },
      'startsAt',
    );
  }
}

async function insertMechanics(
  cx: CommandContext,
  tx: CommandContext['tx'],
  appointmentId: string,
  staffIds: readonly string[],
  startsAt: Date,
  endsAt: Date,
) {
  for (const staffId of staffIds) {
    await cx.sequelize.query(
      `INSERT INTO appointment_mechanics (appointment_id, staff_id, during, active) VALUES (:appointmentId, :staffId, tstzrange(:startsAt, :endsAt, '[)'), true)`,
      { replacements: { appointmentId, staffId, startsAt, endsAt }, transaction: tx },
    );
  }
}

async function warningsFor(
  cx: CommandContext,
  a: {
    startsAt: Date;
    endsAt: Date;
    mechanicIds: readonly string[];
    lift: Lift;
    orderId: string | null;
    timezone: string;
  },
): Promise<ScheduleWarningDto[]> {
  const loads = await mechanicDayLoads(
    cx.sequelize,
    {
      staffIds: a.mechanicIds,
      fromDate: localDate(a.startsAt, a.timezone),
      toDate: localDate(new Date(a.endsAt.getTime() - 1), a.timezone),
      timezone: a.timezone,
    },
    cx.tx,
  );
  const warnings: ScheduleWarningDto[] = overloadWarnings(loads);
  if (a.orderId) {
    const missing = liftTakesJobKinds(
      a.lift.jobKinds ?? [],
      (await orderNormSeconds(cx, a.orderId)).jobKinds,
    );
    if (missing.length)
      warnings.push({
        code: 'lift_job_kinds',
        message: `${a.lift.name} does not take ${missing.join(', ')} jobs`,
        jobKinds: missing,
      });
  }
  return warnings;
}

/**
 * Books a lift for a time range with planned mechanics. PostgreSQL refuses a double booking of the
 * lift or of a mechanic (EXCLUDE USING gist); that comes back as a 409 with the bookings in the way.
 * Mechanics booked beyond their shift give warnings, not errors.
 * Emits `appointment.booked` { appointmentId, liftId, orderId, customerId, vehicleId, startsAt, endsAt }.
 */
export async function bookAppointment(
  cx: CommandContext,
  input: BookAppointmentInput,
): Promise<BookingOutcome> {
  const lift = await loadLift(cx, input.liftId);
  let customerId = input.customerId ?? null;
  let vehicleId = input.vehicleId ?? null;
  let normSeconds: number | null = null;
  if (input.orderId) {
    const order = await RepairOrder.findByPk(input.orderId, { transaction: cx.tx });
    if (!order) throw notFound('Repair order');
    if (['handed_over', 'closed', 'cancelled'].includes(order.status))
      throw conflict(`The order ${order.number} is ${order.status}`, { status: order.status }, 'orderId');
    customerId = customerId ?? order.customerId;
    vehicleId = vehicleId ?? order.vehicleId;
    normSeconds = (await orderNormSeconds(cx, order.id)).normSeconds;
  }
  if (customerId && !(await Customer.findByPk(customerId, { transaction: cx.tx })))
    throw notFound('Customer');
  if (vehicleId) {
    const vehicle = await Vehicle.findByPk(vehicleId, { transaction: cx.tx });
    if (!vehicle) throw notFound('Vehicle');
    customerId = customerId ?? vehicle.customerId;
  }
  const seconds =
    input.durationSeconds ?? (normSeconds !== null ? suggestedDurationSeconds(normSeconds) : 3600);
  const endsAt = input.endsAt ?? new Date(input.startsAt.getTime() + seconds * 1000);
  const rangeProblem = bookingRangeProblem(input.startsAt, endsAt);
  if (rangeProblem) throw badRequest(`endsAt: ${rangeProblem}`, 'endsAt');
  const mechanicIds = input.mechanicIds ?? [];
  await checkMechanics(cx, mechanicIds);

  const id = newId();
  await writeOrExplainConflict(
    cx,
    { appointmentId: id, liftId: lift.id, startsAt: input.startsAt, endsAt, mechanicIds },
    async (sp) => {
      await cx.sequelize.query(
        `INSERT INTO appointments (id, lift_id, order_id, customer_id, vehicle_id, during, status, title, note, created_by, created_at, updated_at)
       VALUES (:id, :liftId, :orderId, :customerId, :vehicleId, tstzrange(:startsAt, :endsAt, '[)'), 'booked', :title, :note, :createdBy, :now, :now)`,
        {
          replacements: {
            id,
            liftId: lift.id,
            orderId: input.orderId ?? null,
            customerId,
            vehicleId,
            startsAt: input.startsAt,
            endsAt,
            title: input.title ?? null,
            note: input.note ?? null,
            createdBy: cx.actor.type === 'user' ? cx.actor.id : null,
            now: cx.now,
          },
          transaction: sp,
        },
      );
      await insertMechanics(cx, sp, id, mechanicIds, input.startsAt, endsAt);
    },
  );
  const warnings = await warningsFor(cx, {
    startsAt: input.startsAt,
    endsAt,
    mechanicIds,
    lift,
    orderId: input.orderId ?? null,
    timezone: input.timezone,
  });
  const appointment = await getAppointment(cx.sequelize, id, cx.tx);
  await recordAudit(cx, {
    action: 'appointment.booked',
    entityType: 'appointment',
    entityId: id,
    after: { ...appointment, warnings: warnings.map((w) => w.code) },
  });
  cx.emit({
    type: 'appointment.booked',
    appointmentId: id,
    liftId: lift.id,
    orderId: appointment.orderId,
    customerId: appointment.customerId,
    vehicleId: appointment.vehicle?.id ?? null,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
  });
  return { appointment, warnings };
}

async function lockAppointment(
  cx: CommandContext,
  id: string,
): Promise<{
  status: AppointmentStatus;
  liftId: string;
  startsAt: Date;
  endsAt: Date;
  orderId: string | null;
}> {
  const [row] = await cx.sequelize.query<{
    status: AppointmentStatus;
    lift_id: string;
    starts_at: Date;
    ends_at: Date;
    order_id: string | null;
  }>(
    `SELECT status, lift_id, lower(during) AS starts_at, upper(during) AS ends_at, order_id FROM appointments WHERE id = :id FOR UPDATE`,
    { replacements: { id }, type: QueryTypes.SELECT, transaction: cx.tx },
  );
  if (!row) throw notFound('Appointment');
  return {
    status: row.status,
    liftId: row.lift_id,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    orderId: row.order_id,
  };
}

/** Moves (another time or lift), resizes, or re-staffs a booking; the same conflict rules as booking. Emits `appointment.changed`. */
export async function changeAppointment(
  cx: CommandContext,
  input: ChangeAppointmentInput,
): Promise<BookingOutcome> {
  const current = await lockAppointment(cx, input.appointmentId);
  const problem = appointmentChangeProblem(current.status, 'move');
  if (problem) throw conflict(problem, { status: current.status });
  const before = await getAppointment(cx.sequelize, input.appointmentId, cx.tx);
  const lift = await loadLift(cx, input.liftId ?? current.liftId);
  const startsAt = input.startsAt ?? current.startsAt;
  // Moving without a new end keeps the length; a new end alone resizes.
  const endsAt =
    input.endsAt ??
    (input.startsAt
      ? new Date(startsAt.getTime() + (current.endsAt.getTime() - current.startsAt.getTime()))
      : current.endsAt);
  const rangeProblem = bookingRangeProblem(startsAt, endsAt);
  if (rangeProblem) throw badRequest(`endsAt: ${rangeProblem}`, 'endsAt');
  const mechanicIds = input.mechanicIds ?? before.mechanics.map((m) => m.staffId);
  if (input.mechanicIds) await checkMechanics(cx, mechanicIds);
  await writeOrExplainConflict(
    cx,
    { appointmentId: input.appointmentId, liftId: lift.id, startsAt, endsAt, mechanicIds },
    async (sp) => {
      await cx.sequelize.query(
        `UPDATE appointments SET lift_id = :liftId, during = tstzrange(:startsAt, :endsAt, '[)'), title = :title, note = :note, updated_at = :now WHERE id = :id`,
        {
          replacements: {
            id: input.appointmentId,
            liftId: lift.id,
            startsAt,
            endsAt,
            title: input.title !== undefined ? input.title : before.title,
            note: input.note !== undefined ? input.note : before.note,
            now: cx.now,
          },
          transaction: sp,
        },
      );
      await cx.sequelize.query(`DELETE FROM appointment_mechanics WHERE appointment_id = :id`, {
        replacements: { id: input.appointmentId },
        transaction: sp,
      });
      await insertMechanics(cx, sp, input.appointmentId, mechanicIds, startsAt, endsAt);
    },
  );
  const warnings = await warningsFor(cx, {
    startsAt,
    endsAt,
    mechanicIds,
    lift,
    orderId: current.orderId,
    timezone: input.timezone,
  });
  const appointment = await getAppointment(cx.sequelize, input.appointmentId, cx.tx);
  await recordAudit(cx, {
    action: 'appointment.changed',
    entityType: 'appointment',
    entityId: input.appointmentId,
    before,
    after: appointment,
  });
  cx.emit({
    type: 'appointment.changed',
    appointmentId: appointment.id,
    liftId: appointment.liftId,
    orderId: appointment.orderId,
    customerId: appointment.customerId,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
  });
  return { appointment, warnings };
}

async function setStatus(
  cx: CommandContext,
  id: string,
  change: 'cancel' | 'no_show' | 'arrive' | 'complete',
  reason: string | null,
): Promise<AppointmentDto> {
  const current = await lockAppointment(cx, id);
  const problem = appointmentChangeProblem(current.status, change);
  if (problem) throw conflict(problem, { status: current.status });
  const status: AppointmentStatus = {
    cancel: 'cancelled',
    no_show: 'no_show',
    arrive: 'arrived',
    complete: 'completed',
  }[change] as AppointmentStatus;
  await cx.sequelize.query(
    `UPDATE appointments SET status = :status, cancel_reason = :reason, updated_at = :now WHERE id = :id`,
    {
      replacements: { id, status, reason: change === 'cancel' ? reason : null, now: cx.now },
      transaction: cx.tx,
    },
  );
  if (status === 'cancelled' || status === 'no_show') {
    await cx.sequelize.query(`UPDATE appointment_mechanics SET active = false WHERE appointment_id = :id`, {
      replacements: { id },
      transaction: cx.tx,
    });
  }
  const appointment = await getAppointment(cx.sequelize, id, cx.tx);
  await recordAudit(cx, {
    action: `appointment.${status}`,
    entityType: 'appointment',
    entityId: id,
    before: { status: current.status },
    after: { status, reason },
  });
  cx.emit({
    type: `appointment.${status}`,
    appointmentId: id,
    liftId: appointment.liftId,
    orderId: appointment.orderId,
    customerId: appointment.customerId,
    reason,
    at: cx.now.toISOString(),
  });
  return appointment;
}

/** Frees the lift and the mechanics; the booking stays in the history with the reason. Emits `appointment.cancelled`. */
export function cancelAppointment(
  cx: CommandContext,
  input: { appointmentId: string; reason: string },
): Promise<AppointmentDto> {
  return setStatus(cx, input.appointmentId, 'cancel', input.reason);
}

/** The customer did not come. Emits `appointment.no_show`. */
export function markNoShow(cx: CommandContext, input: { appointmentId: string }): Promise<AppointmentDto> {
  return setStatus(cx, input.appointmentId, 'no_show', null);
}

/** The car arrived. Emits `appointment.arrived`. */
export function markArrived(cx: CommandContext, input: { appointmentId: string }): Promise<AppointmentDto> {
  return setStatus(cx, input.appointmentId, 'arrive', null);
}

export function completeAppointment(
  cx: CommandContext,
  input: { appointmentId: string },
): Promise<AppointmentDto> {
  return setStatus(cx, input.appointmentId, 'complete', null);
}

/** For the workshop: a cancelled order's bookings that have not happened yet are cancelled with it. */
export async function cancelAppointmentsOfOrder(
  cx: CommandContext,
  input: { orderId: string; reason: string },
): Promise<number> {
  const rows = await cx.sequelize.query<{ id: string }>(
    `SELECT id FROM appointments WHERE order_id = :orderId AND status = 'booked' FOR UPDATE`,
    {
      replacements: { orderId: input.orderId },
      type: QueryTypes.SELECT,
      transaction: cx.tx,
    },
  );
  for (const r of rows) await setStatus(cx, r.id, 'cancel', input.reason);
  return rows.length;
}

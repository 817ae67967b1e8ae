import type { AppointmentDto, MechanicDto, ScheduleWarningDto } from '$contracts/workshop.ts';
import { ApiError } from '$lib/api/api-error.ts';
import { errorMessage } from '$lib/api/error-message.ts';
import { t } from '$lib/i18n/i18n.svelte.ts';
import { duration } from '../format.ts';
import { clock, localMinutesOf, type Clash, type Overload } from './schedule.ts';

/** What a booking is about, in a few words: the order, the car, the customer or its title. */
export function bookingName(a: {
  orderNumber: string | null;
  customerName: string | null;
  title: string | null;
  vehicle: { plate: string | null } | null;
}): string {
  return (
    [a.orderNumber, a.vehicle?.plate, a.customerName ?? a.title].filter(Boolean).join(' · ') ||
    t('workshop.schedule.untitled')
  );
}

const span = (a: { startsAt: string; endsAt: string }, tz: string) =>
  `${clock(localMinutesOf(new Date(a.startsAt), tz))}–${clock(localMinutesOf(new Date(a.endsAt), tz))}`;

/** The reason a booking was refused: the lift or a mechanic already booked (409 with the booking in the way). */
export function refusalText(err: unknown, liftName: (id: string) => string, tz: string): string {
  if (err instanceof ApiError && err.status === 409) {
    const reason = err.details?.reason;
    const conflicts = (err.details?.conflicts ?? []) as AppointmentDto[];
    const first = conflicts[0];
    if (first && reason === 'lift_booked')
      return t('workshop.schedule.liftBooked', {
        lift: liftName(first.liftId),
        time: span(first, tz),
        what: bookingName(first),
      });
    if (first && reason === 'mechanic_booked')
      return t('workshop.schedule.mechanicBooked', {
        names: first.mechanics.map((m) => m.fullName).join(', '),
        lift: liftName(first.liftId),
        time: span(first, tz),
      });
    if (err.field === 'liftId') return t('workshop.schedule.liftOutOfOrder');
    if (err.field === 'orderId') return t('workshop.schedule.orderClosed');
  }
  return errorMessage(err);
}

/** The desk's own check before saving, in words. */
export function clashText(c: Clash, liftName: (id: string) => string, tz: string): string {
  return c.kind === 'lift'
    ? t('workshop.schedule.liftBooked', {
        lift: liftName(c.booking.liftId),
        time: span(c.booking, tz),
        what: bookingName(c.booking as unknown as AppointmentDto),
      })
    : t('workshop.schedule.mechanicBooked', {
        names: c.fullName ?? '',
        lift: liftName(c.booking.liftId),
        time: span(c.booking, tz),
      });
}

export function overloadText(o: Overload): string {
  return o.shiftSeconds === 0
    ? t('workshop.schedule.offShift', { name: o.fullName })
    : t('workshop.schedule.overloaded', {
        name: o.fullName,
        booked: duration(o.bookedSeconds),
        shift: duration(o.shiftSeconds),
      });
}

/** The server's warnings after saving (a mechanic over their shift, a lift that does not take the job). */
export function warningText(w: ScheduleWarningDto, mechanics: MechanicDto[]): string {
  const name = mechanics.find((m) => m.staffId === w.staffId)?.fullName ?? '';
  if (w.code === 'mechanic_overloaded')
    return t('workshop.schedule.overloaded', {
      name,
      booked: duration(w.bookedSeconds ?? 0),
      shift: duration(w.shiftSeconds ?? 0),
    });
  if (w.code === 'mechanic_off_shift') return t('workshop.schedule.offShift', { name });
  return t('workshop.schedule.liftKinds', { kinds: (w.jobKinds ?? []).join(', ') });
}

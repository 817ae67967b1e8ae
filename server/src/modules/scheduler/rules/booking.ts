/** Pure rules of the lift schedule: suggested durations, acceptable ranges and overload warnings. */

export const SLOT_SECONDS = 15 * 60;
export const MIN_BOOKING_SECONDS = 30 * 60;
export const MAX_BOOKING_SECONDS = 14 * 24 * 3600;

/** A booking long enough for the order's norm time, rounded up to whole 15-minute slots, at least 30 minutes. */
export function suggestedDurationSeconds(normSeconds: number): number {
  const slots = Math.ceil(Math.max(normSeconds, 0) / SLOT_SECONDS);
  return Math.max(MIN_BOOKING_SECONDS, slots * SLOT_SECONDS);
}

export function bookingRangeProblem(startsAt: Date, endsAt: Date): string | null {
  const seconds = (endsAt.getTime() - startsAt.getTime()) / 1000;
  if (!(seconds > 0)) return 'must end after it starts';
  if (seconds < 5 * 60) return 'must last at least 5 minutes';
  if (seconds > MAX_BOOKING_SECONDS) return 'must last at most 14 days';
  return null;
}

export interface MechanicDayLoad {
  staffId: string;
  staffName: string;
  /** The station-local date, YYYY-MM-DD. */
  date: string;
  /** Seconds booked on appointments that day, the new or changed one included. */
  bookedSeconds: number;
  /** Length of the mechanic's shift that weekday; null when they have no shift that day. */
  shiftSeconds: number | null;
}

export interface OverloadWarning {
  code: 'mechanic_overloaded' | 'mechanic_off_shift';
  staffId: string;
  staffName: string;
  date: string;
  bookedSeconds: number;
  shiftSeconds: number;
  message: string;
}

const hours = (seconds: number) => Math.round((seconds / 3600) * 10) / 10;

/** Warnings, not errors: the advisor may still book a mechanic beyond their shift. */
export function overloadWarnings(loads: readonly MechanicDayLoad[]): OverloadWarning[] {
  const warnings: OverloadWarning[] = [];
  for (const load of loads) {
    if (load.bookedSeconds <= 0) continue;
    if (load.shiftSeconds === null) {
      warnings.push({
        code: 'mechanic_off_shift',
        staffId: load.staffId,
        staffName: load.staffName,
        date: load.date,
        bookedSeconds: load.bookedSeconds,
        shiftSeconds: 0,
        message: `${load.staffName} has no shift on ${load.date} but is booked for ${hours(load.bookedSeconds)} h`,
      });
    } else if (load.bookedSeconds > load.shiftSeconds) {
      warnings.push({
        code: 'mechanic_overloaded',
        staffId: load.staffId,
        staffName: load.staffName,
        date: load.date,
        bookedSeconds: load.bookedSeconds,
        shiftSeconds: load.shiftSeconds,
        message: `${load.staffName} is booked for ${hours(load.bookedSeconds)} h on ${load.date}, beyond a ${hours(load.shiftSeconds)} h shift`,
      });
    }
  }
  return warnings;
}

/** Whether a lift that takes only some kinds of jobs can take all of these (an empty list takes anything). */
export function liftTakesJobKinds(liftKinds: readonly string[], jobKinds: readonly string[]): string[] {
  if (liftKinds.length === 0) return [];
  return [...new Set(jobKinds.filter((k) => !liftKinds.includes(k)))];
}

export const APPOINTMENT_STATUSES = ['booked', 'arrived', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Only a booking that has not happened yet can be moved, resized, cancelled or marked as a no-show. */
export function appointmentChangeProblem(
  status: AppointmentStatus,
  change: 'move' | 'cancel' | 'no_show' | 'arrive' | 'complete',
): string | null {
  if (change === 'complete')
    return status === 'arrived' || status === 'booked' ? null : `A ${status} appointment cannot be completed`;
  if (change === 'move')
    return status === 'booked' || status === 'arrived' ? null : `A ${status} appointment cannot be moved`;
  return status === 'booked'
    ? null
    : `A ${status} appointment cannot be ${change === 'no_show' ? 'marked as a no-show' : change === 'arrive' ? 'marked as arrived' : 'cancelled'}`;
}

/** A shift's length from station-local "HH:MM[:SS]" times. */
export function shiftSeconds(startsAt: string, endsAt: string): number {
  const toSeconds = (t: string) => {
    const [h = '0', m = '0', s = '0'] = t.split(':');
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  };
  return toSeconds(endsAt) - toSeconds(startsAt);
}

import {
  addDays,
  instantOfLocal,
  localDateOf,
  localDateTimeOf,
  parseLocalTime,
} from '../../timeclock/engine/tz.ts';

/** Station-local hours when a channel sends nothing, e.g. { from: '21:00', to: '09:00' } (across midnight). */
export interface QuietHours {
  from: string;
  to: string;
}

export const QUIET_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

function secondsOfDay(instant: number, timeZone: string): number {
  const time = localDateTimeOf(instant, timeZone).slice(11);
  return parseLocalTime(time);
}

/**
 * When a message due at `at` may go out: `at` itself outside the quiet hours, otherwise the end of
 * the quiet period on the station's wall clock. Works across midnight and over DST changes: the end
 * is the local wall-clock `to` on the right local day, turned into an instant in the station's zone
 * (a `to` inside a spring-forward gap moves forward by the gap). `from` equal to `to` means none.
 */
export function quietUntil(at: Date, quiet: QuietHours | null, timeZone: string): Date | null {
  if (!quiet) return null;
  const from = parseLocalTime(quiet.from);
  const to = parseLocalTime(quiet.to);
  if (from === to) return null;
  const instant = at.getTime();
  const now = secondsOfDay(instant, timeZone);
  const today = localDateOf(instant, timeZone);
  const crossesMidnight = from > to;
  const inside = crossesMidnight ? now >= from || now < to : now >= from && now < to;
  if (!inside) return null;
  // Before midnight in a window that crosses it, the window ends tomorrow.
  const endDate = crossesMidnight && now >= from ? addDays(today, 1) : today;
  const end = instantOfLocal(endDate, to, timeZone);
  return end > instant ? new Date(end) : null;
}

/** The first instant at or after `at` outside the quiet hours. */
export function nextAllowedAt(at: Date, quiet: QuietHours | null, timeZone: string): Date {
  return quietUntil(at, quiet, timeZone) ?? at;
}

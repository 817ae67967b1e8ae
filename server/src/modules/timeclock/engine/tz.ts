import type { Instant, IsoWeekday, LocalDate, LocalTime } from './types.ts';

/**
 * Station-local calendar arithmetic with nothing but Intl: the offset of an IANA zone at an instant, and
 * the instant of a local wall-clock time. A wall-clock time that does not exist (the spring-forward gap)
 * moves forward by the gap; one that exists twice (fall-back) is the earlier one — the "compatible"
 * disambiguation of Temporal and of most calendars.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instant: Instant, timeZone: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
  }
  return out;
}

/** Local time minus UTC at the instant, in ms (e.g. +3 h for Europe/Moscow). */
export function offsetAt(instant: Instant, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const w = wallClockAt(whole, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/**
 * UTC offsets change only on 15-minute boundaries of UTC (every zone's transitions since 1970 fall on
 * them), so the offset of a quarter hour is read once from Intl and kept: localDateOf runs for every
 * event of every derivation, and an Intl call per event was a good part of deriving a busy day.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const quarterOffsets = new Map<string, Map<number, number>>();

function offsetOfQuarter(instant: Instant, timeZone: string): number {
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  let byQuarter = quarterOffsets.get(timeZone);
  if (!byQuarter) quarterOffsets.set(timeZone, (byQuarter = new Map()));
  let offset = byQuarter.get(quarter);
  if (offset === undefined) {
    offset = offsetAt(quarter * QUARTER_HOUR_MS, timeZone);
    if (byQuarter.size >= 200_000) byQuarter.clear();
    byQuarter.set(quarter, offset);
  }
  return offset;
}

export function localDateOf(instant: Instant, timeZone: string): LocalDate {
  const local = new Date(instant + offsetOfQuarter(instant, timeZone));
  return formatDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

/** `YYYY-MM-DDTHH:MM:SS` of the instant on the station's wall clock. */
export function localDateTimeOf(instant: Instant, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${formatDate(w.year, w.month, w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function formatDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?$/;

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a local date (YYYY-MM-DD): ${date}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`no such date: ${date}`);
  }
  return { year, month, day };
}

export function isLocalDate(value: string): boolean {
  try {
    parseLocalDate(value);
    return true;
  } catch {
    return false;
  }
}

/** Seconds since local midnight of a wall-clock time; `24:00` is the end of the day. */
export function parseLocalTime(time: LocalTime): number {
  const m = TIME_RE.exec(time);
  if (!m) throw new Error(`not a local time (HH:MM or HH:MM:SS): ${time}`);
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (seconds > 86_400) throw new Error(`not a local time: ${time}`);
  return seconds;
}

export function isLocalTime(value: string): boolean {
  try {
    parseLocalTime(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function weekdayOf(date: LocalDate): IsoWeekday {
  const { year, month, day } = parseLocalDate(date);
  const js = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return (js === 0 ? 7 : js) as IsoWeekday;
}

/** The instant of a station-local wall-clock time given as seconds after local midnight of `date`. */
export function instantOfLocal(date: LocalDate, secondsOfDay: number, timeZone: string): Instant {
  const { year, month, day } = parseLocalDate(date);
  const asUtc = Date.UTC(year, month - 1, day) + secondsOfDay * 1000;
  // The offsets a day before and after bracket any transition near this wall-clock time.
  const before = offsetAt(asUtc - DAY_MS, timeZone);
  const after = offsetAt(asUtc + DAY_MS, timeZone);
  const candidates = before === after ? [asUtc - before] : [asUtc - before, asUtc - after];
  const valid = candidates.filter((t) => offsetAt(t, timeZone) === asUtc - t).sort((a, b) => a - b);
  if (valid.length > 0) return valid[0]!;
  // In the gap: the wall clock jumped over this time, so read it with the offset from before the jump.
  return asUtc - before;
}

export function instantOfLocalTime(date: LocalDate, time: LocalTime, timeZone: string): Instant {
  return instantOfLocal(date, parseLocalTime(time), timeZone);
}

export function startOfLocalDay(date: LocalDate, timeZone: string): Instant {
  return instantOfLocal(date, 0, timeZone);
}

/**
 * A run of consecutive local days with their UTC bounds, for finding the day of many instants quickly
 * (binary search instead of an Intl call per instant).
 */
export class DayCalendar {
  readonly dates: LocalDate[] = [];
  /** starts[i] is the first instant of dates[i]; starts[dates.length] the end of the last day. */
  readonly starts: Instant[] = [];
  private readonly indexByDate = new Map<LocalDate, number>();

  constructor(
    readonly timeZone: string,
    first: LocalDate,
    last: LocalDate,
  ) {
    if (first > last) throw new Error(`empty day range ${first}..${last}`);
    let date = first;
    for (;;) {
      this.indexByDate.set(date, this.dates.length);
      this.dates.push(date);
      this.starts.push(startOfLocalDay(date, timeZone));
      if (date === last) break;
      date = addDays(date, 1);
    }
    this.starts.push(startOfLocalDay(addDays(last, 1), timeZone));
  }

  get first(): LocalDate {
    return this.dates[0]!;
  }

  get last(): LocalDate {
    return this.dates[this.dates.length - 1]!;
  }

  get start(): Instant {
    return this.starts[0]!;
  }

  get end(): Instant {
    return this.starts[this.dates.length]!;
  }

  /** Index of the day holding the instant, or -1 outside the calendar. */
  indexOf(instant: Instant): number {
    if (instant < this.start || instant >= this.end) return -1;
    let lo = 0;
    let hi = this.dates.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= instant) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  dateOf(instant: Instant): LocalDate {
    const i = this.indexOf(instant);
    return i >= 0 ? this.dates[i]! : localDateOf(instant, this.timeZone);
  }

  indexOfDate(date: LocalDate): number {
    return this.indexByDate.get(date) ?? -1;
  }

  dayStart(index: number): Instant {
    return this.starts[index]!;
  }

  dayEnd(index: number): Instant {
    return this.starts[index + 1]!;
  }
}

/**
 * The scheduler's arithmetic (pure: unit-tested): station-local wall clock ↔ UTC instants, the grid's
 * slots, and the checks the desk makes before saving — a lift or a mechanic already booked, and a
 * mechanic booked beyond their shift on that day (the server gives the same answers on saving).
 */

export const SLOT_MINUTES = 15;
/** The grid shows 07:00–21:00 station time. */
export const GRID_START_MINUTES = 7 * 60;
export const GRID_END_MINUTES = 21 * 60;
export const SLOTS = (GRID_END_MINUTES - GRID_START_MINUTES) / SLOT_MINUTES;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(instant: Date, timeZone: string): LocalParts {
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
    });
    formatters.set(timeZone, f);
  }
  const get = (type: string) => Number(f.formatToParts(instant).find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** The station-local date (YYYY-MM-DD) of an instant. */
export function localDateOf(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Minutes after the station-local midnight of an instant. */
export function localMinutesOf(instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  return p.hour * 60 + p.minute;
}

/** The UTC instant of a station-local date and wall-clock minutes. */
export function instantAt(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  let guess = wall;
  // Two rounds settle the offset, also across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const p = partsIn(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wall - shown;
  }
  return new Date(guess);
}

/** YYYY-MM-DD plus whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** A minute of the day rounded to the grid's slots, kept inside the grid. */
export function snapMinutes(minutes: number): number {
  const snapped = Math.round(minutes / SLOT_MINUTES) * SLOT_MINUTES;
  return Math.min(GRID_END_MINUTES, Math.max(GRID_START_MINUTES, snapped));
}

/** "HH:MM" of minutes after midnight. */
export const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
export const minutesOfClock = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export interface Booking {
  id: string;
  liftId: string;
  startsAt: string;
  endsAt: string;
  status: string;
  mechanics: Array<{ staffId: string; fullName: string }>;
}

const ACTIVE = new Set(['booked', 'arrived', 'completed']);

export interface Draft {
  /** The booking being moved or resized (it does not conflict with itself). */
  id?: string;
  liftId: string;
  startsAt: Date;
  endsAt: Date;
  mechanicIds: string[];
}

export interface Clash {
  kind: 'lift' | 'mechanic';
  booking: Booking;
  /** For a mechanic clash: who. */
  staffId?: string;
  fullName?: string;
}

const overlap = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;

/** The bookings the draft would collide with: the same lift, or one of its mechanics elsewhere. */
export function clashesOf(draft: Draft, bookings: readonly Booking[]): Clash[] {
  const s = draft.startsAt.getTime();
  const e = draft.endsAt.getTime();
  const found: Clash[] = [];
  for (const b of bookings) {
    if (b.id === draft.id || !ACTIVE.has(b.status)) continue;
    if (!overlap(s, e, Date.parse(b.startsAt), Date.parse(b.endsAt))) continue;
    if (b.liftId === draft.liftId) {
      found.push({ kind: 'lift', booking: b });
      continue;
    }
    for (const m of b.mechanics) {
      if (draft.mechanicIds.includes(m.staffId))
        found.push({ kind: 'mechanic', booking: b, staffId: m.staffId, fullName: m.fullName });
    }
  }
  return found;
}

export interface Shift {
  weekday: number;
  startsAt: string;
  endsAt: string;
}

export interface Overload {
  staffId: string;
  fullName: string;
  /** Booked seconds on that day with the draft. */
  bookedSeconds: number;
  /** 0 when the mechanic has no shift that day. */
  shiftSeconds: number;
}

/**
 * Mechanics of the draft whose bookings on the draft's station-local day (the draft included) would
 * exceed that day's shift, or who have no shift that day.
 */
export function overloadsOf(
  draft: Draft,
  bookings: readonly Booking[],
  mechanics: ReadonlyArray<{ staffId: string; fullName: string; shifts: Shift[] }>,
  timeZone: string,
): Overload[] {
  const date = localDateOf(draft.startsAt, timeZone);
  const dayStart = instantAt(date, 0, timeZone).getTime();
  const dayEnd = instantAt(addDays(date, 1), 0, timeZone).getTime();
  const within = (s: number, e: number) => Math.max(0, Math.min(e, dayEnd) - Math.max(s, dayStart)) / 1000;
  const weekday = weekdayOf(date);
  const result: Overload[] = [];
  for (const staffId of draft.mechanicIds) {
    const mechanic = mechanics.find((m) => m.staffId === staffId);
    if (!mechanic) continue;
    let booked = within(draft.startsAt.getTime(), draft.endsAt.getTime());
    for (const b of bookings) {
      if (b.id === draft.id || !ACTIVE.has(b.status)) continue;
      if (b.mechanics.some((m) => m.staffId === staffId))
        booked += within(Date.parse(b.startsAt), Date.parse(b.endsAt));
    }
    const shift = mechanic.shifts.find((sh) => sh.weekday === weekday);
    const shiftSeconds = shift ? (minutesOfClock(shift.endsAt) - minutesOfClock(shift.startsAt)) * 60 : 0;
    if (booked > shiftSeconds)
      result.push({ staffId, fullName: mechanic.fullName, bookedSeconds: booked, shiftSeconds });
  }
  return result;
}

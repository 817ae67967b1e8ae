import { compareItems, deriveAttendanceDay, type AttendanceDay } from './attendance.ts';
import type { JobRemap } from './classify.ts';
import { compareEvents, orderEvents, refOf } from './event-order.ts';
import { attendanceKey, resolveLog, type ResolvedLog } from './resolve-events.ts';
import { StationContext, type DayWindow } from './station-context.ts';
import { sweep, type Span, type SweepOutput } from './sweep.ts';
import { emptyTotals, seconds } from './totals.ts';
import { DayCalendar, localDateOf } from './tz.ts';
import {
  PRODUCTIVE_UNITS,
  type Derivation,
  type IgnoredEvent,
  type Instant,
  type JobTrack,
  type LabourEvent,
  type LiftDay,
  type LocalDate,
  type MechanicDay,
  type MechanicDayTotals,
  type MechanicInterval,
  type RejectedTap,
  type StationDayLog,
  type StationModel,
  type WaitReason,
  type WaitSeconds,
} from './types.ts';
import { World, type WorldSnapshot } from './world.ts';

export interface DeriveOptions {
  /** First local day to report; defaults to the day of the first event. */
  from?: LocalDate;
  /** Last local day to report (inclusive); defaults to the day of the last event. */
  to?: LocalDate;
  /** Live: nothing at or after this instant has happened yet; open sessions stay open. */
  until?: Instant;
  /** Only these mechanics' days (the others still count for lifts and the jobs they start). */
  mechanicIds?: readonly string[];
  /** Start from this picture of the world instead of an empty one; world events before it are skipped. */
  world?: WorldSnapshot;
  /**
   * The events are already sorted by compareEvents and unique by (source, seq), as orderEvents returns
   * them (the server keeps its log so): the sort is skipped.
   */
  ordered?: boolean;
}

/** A station model indexed once, for callers that derive often (the server). */
export type PreparedStation = StationContext;

export function prepareStation(model: StationModel): PreparedStation {
  return new StationContext(model);
}

export function contextOf(station: StationModel | PreparedStation): StationContext {
  return station instanceof StationContext ? station : new StationContext(station);
}

export interface DetailedDerivation {
  derivation: Derivation;
  ctx: StationContext;
  cal: DayCalendar;
  world: World;
  sweep: SweepOutput;
  attendance: AttendanceDay[];
}

/** The labour figures' raw material for the local days from..to: a pure function of the events. */
export function derive(
  station: StationModel | PreparedStation,
  events: readonly LabourEvent[],
  options: DeriveOptions = {},
): Derivation {
  return deriveDetailed(station, events, options).derivation;
}

/**
 * One mechanic's days from `from` to `to` (default: the one day `from`): what the server re-derives
 * when affectedDays names them. `events` must hold every event up to the end of `to` — from the start
 * of the log, or from `options.world`'s instant (see README.md).
 */
export function deriveMechanicDays(
  station: StationModel | PreparedStation,
  events: readonly LabourEvent[],
  mechanicId: string,
  from: LocalDate,
  to: LocalDate = from,
  options: Pick<DeriveOptions, 'world' | 'until'> = {},
): MechanicDay[] {
  return derive(station, events, { ...options, from, to, mechanicIds: [mechanicId] }).mechanicDays;
}

function effectiveTime(e: LabourEvent): Instant {
  return e.kind === 'correction.close_session' ? e.closeAt : e.at;
}

export function deriveDetailed(
  station: StationModel | PreparedStation,
  events: readonly LabourEvent[],
  options: DeriveOptions = {},
): DetailedDerivation {
  const ctx = contextOf(station);
  const log = options.ordered ? events : orderEvents(events);
  const tz = ctx.timeZone;
  let minTime: Instant | null = null;
  let maxTime: Instant | null = null;
  for (const e of log) {
    const t = effectiveTime(e);
    if (minTime === null || t < minTime) minTime = t;
    if (maxTime === null || t > maxTime) maxTime = t;
  }
  const from = options.from ?? (minTime !== null ? localDateOf(minTime, tz) : undefined);
  const to =
    options.to ??
    (options.until !== undefined
      ? localDateOf(options.until, tz)
      : maxTime !== null
        ? localDateOf(maxTime, tz)
        : undefined);
  if (!from || !to) throw new Error('derive: no events, so `from` and `to` must be given');
  if (from > to) throw new Error(`derive: from ${from} is after to ${to}`);

  // The calendar reaches back to the first event: earlier taps start jobs the report's days depend on.
  let first = from;
  if (minTime !== null) {
    const d = localDateOf(minTime, tz);
    if (d < first) first = d;
  }
  if (options.world) {
    const d = localDateOf(options.world.at, tz);
    if (d > first) first = d < from ? d : from;
  }
  const cal = new DayCalendar(tz, first, to);
  const rangeFirst = cal.indexOfDate(from);
  const rangeStart = cal.dayStart(rangeFirst);
  const horizon = Math.min(options.until ?? Number.POSITIVE_INFINITY, cal.end);

  const resolved = resolveLog(ctx, cal, log, horizon);
  const attendance = deriveAllAttendance(ctx, cal, resolved, horizon);
  const { remaps, moves } = splitMoves(resolved, cal);
  const outputMechanics = new Set(options.mechanicIds ?? ctx.mechanicIds);
  const world = new World(ctx, options.world);
  const swept = sweep({
    ctx,
    cal,
    world,
    worldSteps: resolved.world,
    worldStartAt: options.world?.at ?? Number.NEGATIVE_INFINITY,
    attendance,
    outputMechanics,
    remaps,
    rangeStart,
    horizon,
  });

  const days: number[] = [];
  for (let i = rangeFirst; i < cal.dates.length && cal.dayStart(i) < horizon; i++) days.push(i);

  const derivation: Derivation = {
    timeZone: tz,
    from,
    to,
    horizon,
    mechanicDays: mechanicDays(
      ctx,
      cal,
      days,
      horizon,
      [...outputMechanics].sort(),
      attendance,
      swept,
      moves,
    ),
    liftDays: liftDays(ctx, cal, days, horizon, swept),
    jobs: jobTracks(ctx, cal, world, swept, rangeStart),
    stationDays: stationDays(cal, days, resolved, attendance, swept),
  };
  return { derivation, ctx, cal, world, sweep: swept, attendance };
}

function deriveAllAttendance(
  ctx: StationContext,
  cal: DayCalendar,
  resolved: ResolvedLog,
  horizon: Instant,
): AttendanceDay[] {
  const out: AttendanceDay[] = [];
  const keys = [...resolved.attendance.keys()].sort();
  for (const key of keys) {
    const space = key.lastIndexOf(' ');
    const mechanicId = key.slice(0, space);
    const day = Number(key.slice(space + 1));
    const dayStart = cal.dayStart(day);
    if (dayStart >= horizon) continue;
    const own = resolved.attendance.get(key)!;
    // A bay going free can only close a session at a lift the mechanic tapped at that day.
    const tapped = new Set(own.flatMap((i) => (i.type === 'tap' ? [i.target] : [])));
    const bayFree = (resolved.bayFree.get(day) ?? []).filter(
      (i) => i.type === 'bay_free' && tapped.has(i.liftId),
    );
    const items = bayFree.length > 0 ? [...own, ...bayFree].sort(compareItems) : own;
    out.push(
      deriveAttendanceDay({
        ctx,
        mechanicId,
        date: cal.dates[day]!,
        dayStart,
        dayEnd: cal.dayEnd(day),
        horizon: Math.min(cal.dayEnd(day), horizon),
        items,
      }),
    );
  }
  return out;
}

type MoveEvent = ResolvedLog['moves'] extends Map<string, (infer E)[]> ? E : never;

/** Interval moves act during classification; second moves adjust a day's totals afterwards. */
function splitMoves(resolved: ResolvedLog, cal: DayCalendar) {
  const remaps = new Map<string, JobRemap[]>();
  const moves = new Map<string, MoveEvent[]>();
  for (const [mechanicId, list] of resolved.moves) {
    for (const e of [...list].sort(compareEvents)) {
      if (e.from !== undefined && e.to !== undefined) {
        const r = { from: e.from, to: e.to, fromJobId: e.fromJobId, toJobId: e.toJobId };
        remaps.set(mechanicId, [...(remaps.get(mechanicId) ?? []), r]);
      } else if (e.seconds !== undefined) {
        const date = e.date ?? cal.dateOf(e.at);
        const key = `${mechanicId} ${date}`;
        moves.set(key, [...(moves.get(key) ?? []), e]);
      }
    }
  }
  return { remaps, moves };
}

function clipWindows(windows: DayWindow[], from: Instant, to: Instant): DayWindow[] {
  const out: DayWindow[] = [];
  for (const w of windows) {
    const start = Math.max(w.start, from);
    const end = Math.min(w.end, to);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** The parts of `windows` not covered by `covered` (both sorted, non-overlapping within themselves). */
function subtract(windows: DayWindow[], covered: DayWindow[]): DayWindow[] {
  const out: DayWindow[] = [];
  for (const w of windows) {
    let start = w.start;
    for (const c of covered) {
      if (c.end <= start || c.start >= w.end) continue;
      if (c.start > start) out.push({ start, end: c.start });
      start = Math.max(start, c.end);
    }
    if (start < w.end) out.push({ start, end: w.end });
  }
  return out;
}

function mechanicDays(
  ctx: StationContext,
  cal: DayCalendar,
  days: number[],
  horizon: Instant,
  mechanicIds: string[],
  attendance: AttendanceDay[],
  swept: SweepOutput,
  moves: Map<string, MoveEvent[]>,
): MechanicDay[] {
  const byKey = new Map(attendance.map((a) => [attendanceKey(a.mechanicId, cal.indexOfDate(a.date)), a]));
  const out: MechanicDay[] = [];
  for (const mechanicId of mechanicIds) {
    const intervals = swept.intervals.get(mechanicId) ?? [];
    let cursor = 0;
    for (const day of days) {
      const date = cal.dates[day]!;
      const dayStart = cal.dayStart(day);
      const dayEnd = Math.min(cal.dayEnd(day), horizon);
      const key = attendanceKey(mechanicId, day);
      const att = byKey.get(key);
      const totals = swept.totals.get(key) ?? emptyTotals();
      const shifts = clipWindows(ctx.shiftWindows(mechanicId, date), dayStart, dayEnd);
      const presence = (att?.presence ?? []).map((p) => ({ start: p.from, end: p.to ?? dayEnd }));
      const absent = subtract(shifts, presence);
      totals.scheduledSeconds = shifts.reduce((s, w) => s + seconds(w.start, w.end), 0);
      totals.absentSeconds = absent.reduce((s, w) => s + seconds(w.start, w.end), 0);
      totals.availableSeconds = totals.presentSeconds - totals.breakSeconds;

      const dayIntervals: MechanicInterval[] = [];
      while (cursor < intervals.length && intervals[cursor]!.from < dayEnd)
        dayIntervals.push(intervals[cursor++]!);
      for (const w of absent) {
        dayIntervals.push({ mechanicId, from: w.start, to: w.end, kind: 'absent', liftId: null, jobIds: [] });
      }
      dayIntervals.sort((a, b) => a.from - b.from);

      const ignored: IgnoredEvent[] = [...(att?.ignored ?? [])];
      for (const move of moves.get(`${mechanicId} ${date}`) ?? []) applyMove(totals, move, ignored);

      if (!att && totals.scheduledSeconds === 0 && dayIntervals.length === 0 && ignored.length === 0)
        continue;
      const exposure = swept.exposure.get(key);
      out.push({
        mechanicId,
        date,
        intervals: dayIntervals,
        sessions: att?.sessions ?? [],
        presence: att?.presence ?? [],
        breaks: att?.breaks ?? [],
        taps: att?.taps ?? [],
        ignored,
        totals: sortTotals(totals),
        exposure: {
          mechanicId,
          date,
          lifts: [...(exposure?.lifts ?? [])].sort(),
          orders: [...(exposure?.orders ?? [])].sort(),
        },
      });
    }
  }
  return out;
}

function applyMove(totals: MechanicDayTotals, move: MoveEvent, ignored: IgnoredEvent[]): void {
  const wanted = (move.seconds ?? 0) * PRODUCTIVE_UNITS;
  const available = totals.jobProductiveUnits[move.fromJobId] ?? 0;
  const moved = Math.min(wanted, available);
  if (moved < wanted) ignored.push({ ...refOf(move), kind: move.kind, reason: 'capped_to_productive_time' });
  if (moved === 0) return;
  totals.jobProductiveUnits[move.fromJobId] = available - moved;
  totals.jobProductiveUnits[move.toJobId] = (totals.jobProductiveUnits[move.toJobId] ?? 0) + moved;
}

/** Stable key order, so that identical figures serialise identically. */
function sortTotals(t: MechanicDayTotals): MechanicDayTotals {
  const units: Record<string, number> = {};
  for (const k of Object.keys(t.jobProductiveUnits).sort())
    if (t.jobProductiveUnits[k]) units[k] = t.jobProductiveUnits[k];
  const waits: Record<string, Partial<WaitSeconds>> = {};
  for (const k of Object.keys(t.jobWaitingSeconds).sort()) waits[k] = t.jobWaitingSeconds[k]!;
  return { ...t, jobProductiveUnits: units, jobWaitingSeconds: waits };
}

function splitByDay<T>(
  cal: DayCalendar,
  spans: Span<T>[],
  each: (day: number, from: Instant, to: Instant, value: T) => void,
) {
  for (const s of spans) {
    let day = cal.indexOf(s.from);
    if (day < 0) continue;
    let from = s.from;
    while (from < s.to && day < cal.dates.length) {
      const to = Math.min(s.to, cal.dayEnd(day));
      each(day, from, to, s.value);
      from = to;
      day += 1;
    }
  }
}

function liftDays(
  ctx: StationContext,
  cal: DayCalendar,
  days: number[],
  horizon: Instant,
  swept: SweepOutput,
): LiftDay[] {
  const byKey = new Map<string, LiftDay>();
  const out: LiftDay[] = [];
  for (const liftId of ctx.liftIds) {
    for (const day of days) {
      const date = cal.dates[day]!;
      const open = clipWindows(
        ctx.openingWindows(date),
        cal.dayStart(day),
        Math.min(cal.dayEnd(day), horizon),
      );
      const ld: LiftDay = {
        liftId,
        date,
        intervals: [],
        openSeconds: open.reduce((s, w) => s + seconds(w.start, w.end), 0),
        occupiedSeconds: 0,
        workedSeconds: 0,
        untrackedSeconds: 0,
        orders: [],
      };
      byKey.set(`${liftId} ${day}`, ld);
      out.push(ld);
    }
  }
  const spans = swept.liftIntervals.map((i) => ({ from: i.from, to: i.to, value: i }));
  splitByDay(cal, spans, (day, from, to, i) => {
    const ld = byKey.get(`${i.liftId} ${day}`);
    if (!ld) return;
    ld.intervals.push({ liftId: i.liftId, from, to, kind: i.kind });
    const d = seconds(from, to);
    if (i.kind === 'occupied') ld.occupiedSeconds += d;
    else if (i.kind === 'worked') ld.workedSeconds += d;
    else ld.untrackedSeconds += d;
  });
  for (const [liftId, list] of swept.liftOrders) {
    splitByDay(cal, list, (day, _from, _to, orderId) => {
      const ld = byKey.get(`${liftId} ${day}`);
      if (ld && !ld.orders.includes(orderId)) ld.orders.push(orderId);
    });
  }
  for (const ld of out) {
    ld.intervals.sort((a, b) => a.from - b.from || (a.kind < b.kind ? -1 : 1));
    ld.orders.sort();
  }
  return out;
}

function jobTracks(
  ctx: StationContext,
  cal: DayCalendar,
  world: World,
  swept: SweepOutput,
  rangeStart: Instant,
): JobTrack[] {
  const out: JobTrack[] = [];
  for (const jobId of [...ctx.jobs.keys()].sort()) {
    const history = world.history.get(jobId) ?? [];
    const waits = swept.jobWaits.get(jobId) ?? [];
    if (history.length === 0 && waits.length === 0) continue;
    const job = ctx.jobs.get(jobId)!;
    const waitElapsedByDate: Record<LocalDate, Partial<WaitSeconds>> = {};
    splitByDay(cal, waits, (day, from, to, reason: WaitReason) => {
      if (from < rangeStart) return;
      const w = (waitElapsedByDate[cal.dates[day]!] ??= {});
      w[reason] = (w[reason] ?? 0) + seconds(from, to);
    });
    out.push({
      jobId,
      orderId: job.orderId,
      normSeconds: job.normSeconds,
      history,
      completedAt: world.jobs.get(jobId)!.completedAt,
      waitElapsedByDate,
    });
  }
  return out;
}

function stationDays(
  cal: DayCalendar,
  days: number[],
  resolved: ResolvedLog,
  attendance: AttendanceDay[],
  swept: SweepOutput,
): StationDayLog[] {
  const byDate = new Map<LocalDate, StationDayLog>();
  for (const day of days)
    byDate.set(cal.dates[day]!, { date: cal.dates[day]!, rejectedTaps: [], ignored: [] });
  const rejected: RejectedTap[] = [...resolved.rejected, ...attendance.flatMap((a) => a.rejected)];
  for (const r of rejected) byDate.get(cal.dateOf(r.at))?.rejectedTaps.push(r);
  for (const i of [...resolved.ignored, ...swept.ignored]) byDate.get(cal.dateOf(i.at))?.ignored.push(i);
  for (const log of byDate.values()) {
    log.rejectedTaps.sort(compareEvents);
    log.ignored.sort(compareEvents);
  }
  return [...byDate.values()];
}

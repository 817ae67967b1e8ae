import { contextOf, type PreparedStation } from './derive.ts';
import type { StationContext } from './station-context.ts';
import { addDays, localDateOf, startOfLocalDay } from './tz.ts';
import type { Instant, LabourEvent, LocalDate, MechanicDayExposure, StationModel } from './types.ts';

/**
 * Which stored days a new or late event can change, so the server re-derives only those. The answer is
 * conservative (it may name a day that turns out unchanged) and is computed from what the previous
 * derivations recorded: each mechanic-day's exposure (lifts and orders it looked at) and each lift-day's
 * orders.
 *
 * Why the ripple reaches other mechanics and later days: a tap that opens a session starts the tapping
 * mechanic's planned jobs, and a job started stays started. So anything that can change whether a tap
 * opened or closed a session (another tap, a break, a bay going free, a close-session correction) changes
 * the jobs on the lifts that mechanic used that day, and everyone exposed to those orders from then on.
 */

export interface MechanicDayRef {
  mechanicId: string;
  date: LocalDate;
}

export interface LiftDayRef {
  liftId: string;
  date: LocalDate;
}

export interface Impact {
  mechanicDays: MechanicDayRef[];
  liftDays: LiftDayRef[];
  /** Station days whose rejected-tap and ignored-event lists may change. */
  dates: LocalDate[];
}

export interface KnownDays {
  /** Exposures of the stored mechanic-days (at least those on or after the event's day). */
  exposures: readonly MechanicDayExposure[];
  /** Orders seen on each stored lift-day (LiftDay.orders). */
  liftOrders: readonly { liftId: string; date: LocalDate; orders: readonly string[] }[];
  /** The last day derived so far (today for the live server). */
  lastDate: LocalDate;
}

function effectiveTime(e: LabourEvent): Instant {
  return e.kind === 'correction.close_session' ? e.closeAt : e.at;
}

class ImpactBuilder {
  private readonly mechanicDays = new Map<string, MechanicDayRef>();
  private readonly liftDays = new Map<string, LiftDayRef>();

  constructor(
    private readonly ctx: StationContext,
    private readonly known: KnownDays,
    readonly date: LocalDate,
  ) {}

  mechanic(mechanicId: string, date: LocalDate): void {
    if (date > this.known.lastDate) return;
    this.mechanicDays.set(`${mechanicId} ${date}`, { mechanicId, date });
  }

  lift(liftId: string, date: LocalDate): void {
    if (date > this.known.lastDate) return;
    this.liftDays.set(`${liftId} ${date}`, { liftId, date });
  }

  liftFrom(liftId: string, date: LocalDate): void {
    for (let d = date; d <= this.known.lastDate; d = addDays(d, 1)) this.lift(liftId, d);
  }

  exposuresOn(date: LocalDate): readonly MechanicDayExposure[] {
    return this.known.exposures.filter((x) => x.date === date);
  }

  /** Mechanic-days from `date` on that looked at any of the orders. */
  ordersFrom(orders: ReadonlySet<string>, date: LocalDate): void {
    if (orders.size === 0) return;
    for (const x of this.known.exposures) {
      if (x.date >= date && x.orders.some((o) => orders.has(o))) this.mechanic(x.mechanicId, x.date);
    }
  }

  ordersOnLifts(lifts: ReadonlySet<string>, date: LocalDate): Set<string> {
    const out = new Set<string>();
    for (const l of this.known.liftOrders)
      if (l.date === date && lifts.has(l.liftId)) for (const o of l.orders) out.add(o);
    for (const x of this.exposuresOn(date))
      if (x.lifts.some((l) => lifts.has(l))) for (const o of x.orders) out.add(o);
    return out;
  }

  /** Whether M's taps opened or closed sessions on `date` may have changed. */
  sessionsChanged(mechanicId: string, date: LocalDate, extraLift: string | null): void {
    this.mechanic(mechanicId, date);
    const lifts = new Set<string>(extraLift ? [extraLift] : []);
    for (const x of this.exposuresOn(date))
      if (x.mechanicId === mechanicId) for (const l of x.lifts) lifts.add(l);
    for (const l of lifts) this.lift(l, date);
    for (const x of this.exposuresOn(date))
      if (x.lifts.some((l) => lifts.has(l))) this.mechanic(x.mechanicId, date);
    this.ordersFrom(this.ordersOnLifts(lifts, date), date);
  }

  result(dates: LocalDate[]): Impact {
    const byKey = <T>(m: Map<string, T>) =>
      [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
    return { mechanicDays: byKey(this.mechanicDays), liftDays: byKey(this.liftDays), dates };
  }
}

export function affectedDays(
  station: StationModel | PreparedStation,
  event: LabourEvent,
  known: KnownDays,
): Impact {
  const ctx = contextOf(station);
  const t = effectiveTime(event);
  const date = localDateOf(t, ctx.timeZone);
  const b = new ImpactBuilder(ctx, known, date);
  const dates = date <= known.lastDate ? [date] : [];

  switch (event.kind) {
    case 'badge.tap': {
      const mechanicId = ctx.mechanicOfBadge(event.uid, event.at);
      const target = ctx.readerTarget(event.bridgeId, event.readerId, event.at);
      if (!mechanicId) break;
      b.sessionsChanged(mechanicId, date, ctx.isLift(target) ? target : null);
      // A tap just before midnight decides whether one just after it is a duplicate.
      const next = addDays(date, 1);
      if (t >= startOfLocalDay(next, ctx.timeZone) - ctx.rules.duplicateTapMs)
        b.sessionsChanged(mechanicId, next, null);
      break;
    }
    case 'break.start':
    case 'break.end':
      b.sessionsChanged(event.mechanicId, date, null);
      break;
    case 'correction.close_session':
      b.sessionsChanged(event.mechanicId, date, null);
      break;
    case 'correction.move_time':
      b.mechanic(event.mechanicId, event.date ?? localDateOf(event.from ?? event.at, ctx.timeZone));
      break;
    case 'lift.sensor':
    case 'bay.sensor': {
      const sensor = ctx.sensorBinding(event.bridgeId, event.sensorId, event.at);
      if (!sensor) break;
      b.liftFrom(sensor.liftId, date);
      if (event.kind === 'bay.sensor' && event.state === 'free') {
        for (const x of b.exposuresOn(date))
          if (x.lifts.includes(sensor.liftId)) b.sessionsChanged(x.mechanicId, date, sensor.liftId);
      }
      break;
    }
    case 'job.assign':
    case 'job.unassign': {
      for (const x of known.exposures)
        if (x.mechanicId === event.mechanicId && x.date >= date) b.mechanic(x.mechanicId, x.date);
      b.mechanic(event.mechanicId, date);
      const orderId = ctx.jobs.get(event.jobId)?.orderId;
      if (orderId) b.ordersFrom(new Set([orderId]), date);
      break;
    }
    case 'job.start':
    case 'job.pause':
    case 'job.resume':
    case 'job.complete':
    case 'parts.issued':
    case 'approval.decided': {
      const orderId =
        ('jobId' in event && event.jobId ? ctx.jobs.get(event.jobId)?.orderId : undefined) ??
        ('orderId' in event ? event.orderId : undefined);
      if (orderId) b.ordersFrom(new Set([orderId]), date);
      break;
    }
    case 'placement.placed':
    case 'placement.removed':
    case 'order.arrived':
    case 'order.lift_planned':
    case 'order.departed': {
      const lifts = new Set<string>();
      if (event.kind === 'placement.placed') lifts.add(event.liftId);
      if (event.kind === 'order.arrived' && event.plannedLiftId) lifts.add(event.plannedLiftId);
      if (event.kind === 'order.lift_planned' && event.liftId) lifts.add(event.liftId);
      for (const l of known.liftOrders)
        if (l.date >= date && l.orders.includes(event.orderId)) lifts.add(l.liftId);
      for (const l of lifts) b.liftFrom(l, date);
      b.ordersFrom(new Set([event.orderId]), date);
      for (const x of known.exposures)
        if (x.date >= date && x.lifts.some((l) => lifts.has(l))) b.mechanic(x.mechanicId, x.date);
      break;
    }
  }
  return b.result(dates);
}

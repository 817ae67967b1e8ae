import {
  addDays,
  compactSnapshot,
  deriveWithWorld,
  liveDerivation,
  localDateOf,
  snapshotWorld,
  startOfLocalDay,
  type Derivation,
  type Instant,
  type JobTrack,
  type LabourEvent,
  type LiveState,
  type LocalDate,
  type PreparedStation,
  type WorldSnapshot,
} from '../engine/index.ts';

/**
 * Bounded derivation of the labour log (engine/README.md, "Using it in the server"). Past days are
 * derived one at a time, each from the world snapshot the previous day ended with, and kept; the live
 * floor derives only today from the snapshot at today's start (every session, break and presence closes
 * by the end of its day, so nothing earlier is open); a period's figures merge the kept days.
 *
 * A new or late event invalidates the kept days from the first day it can change on (its own day, or the
 * day a correction is about) and the snapshots after it; they are derived again on the next read. This
 * is coarser than the engine's affectedDays (which names mechanic-days) but also covers what it does not
 * name: the world carried into later days, job tracks and the station-day logs.
 */

export interface LedgerLog {
  /** Every event, sorted by (at, source, seq) as orderEvents sorts them. */
  events: readonly LabourEvent[];
  /** The corrections among them: a correction may be about a day before the one it was made on. */
  corrections: readonly LabourEvent[];
}

export const isCorrection = (e: LabourEvent): boolean =>
  e.kind === 'correction.close_session' || e.kind === 'correction.move_time';

/** The first local day whose derivation the event can change. */
export function firstAffectedDate(e: LabourEvent, timeZone: string): LocalDate {
  let t = e.at;
  if (e.kind === 'correction.close_session') t = Math.min(t, e.closeAt, e.sessionOpenedAt ?? t);
  if (e.kind === 'correction.move_time' && e.from !== undefined) t = Math.min(t, e.from);
  const date = localDateOf(t, timeZone);
  return e.kind === 'correction.move_time' && e.date !== undefined && e.date < date ? e.date : date;
}

/** Index of the first event with `at >= t` (events sorted by at). */
function lowerBound(events: readonly LabourEvent[], t: Instant): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface LiveRead {
  state: LiveState;
  /** Today's derivation up to `at`. */
  derivation: Derivation;
}

export class DayLedger {
  private readonly days = new Map<LocalDate, Derivation>();
  private readonly starts = new Map<LocalDate, WorldSnapshot>();
  private prior: { key: string; units: Record<string, number> } | null = null;
  private generation = 0;
  /** Day derivations run so far (for tests and benchmarks). */
  derivedDays = 0;

  constructor(private station: PreparedStation) {}

  private get timeZone(): string {
    return this.station.timeZone;
  }

  /** A model reload that did not change what the kept days depended on. */
  setStation(station: PreparedStation): void {
    this.station = station;
  }

  clear(): void {
    this.days.clear();
    this.starts.clear();
    this.generation += 1;
  }

  /** Forget the days from `date` on (and the world snapshots taken after it began). */
  invalidateFrom(date: LocalDate): void {
    for (const d of [...this.days.keys()]) if (d >= date) this.days.delete(d);
    for (const d of [...this.starts.keys()]) if (d > date) this.starts.delete(d);
    this.generation += 1;
  }

  keptDays(): number {
    return this.days.size;
  }

  /** The events a derivation of [from, to) needs: those in it (and the duplicate-tap window) and every correction. */
  private slice(log: LedgerLog, from: Instant, to: Instant): LabourEvent[] {
    const lookback = this.station.rules.duplicateTapMs;
    const a = lowerBound(log.events, from - lookback);
    const b = lowerBound(log.events, to);
    const out = log.events.slice(a, b);
    for (const c of log.corrections) if (c.at < from - lookback || c.at >= to) out.push(c);
    return out;
  }

  /** The world at the start of `date` (derives the days before it that are not kept). */
  worldAt(log: LedgerLog, date: LocalDate): WorldSnapshot {
    const hit = this.starts.get(date);
    if (hit) return hit;
    const start = startOfLocalDay(date, this.timeZone);
    const first = log.events[0];
    if (!first || first.at >= start) {
      const initial = compactSnapshot(this.station, snapshotWorld(this.station, [], start));
      this.starts.set(date, initial);
      return initial;
    }
    const firstDate = localDateOf(first.at, this.timeZone);
    let d = addDays(date, -1);
    while (d > firstDate && !this.starts.has(d)) d = addDays(d, -1);
    for (; d < date; d = addDays(d, 1)) this.day(log, d);
    return this.starts.get(date)!;
  }

  /** One past local day, derived alone from the world at its start. */
  day(log: LedgerLog, date: LocalDate): Derivation {
    const hit = this.days.get(date);
    if (hit) return hit;
    const world = this.worldAt(log, date);
    const next = addDays(date, 1);
    const events = this.slice(log, world.at, startOfLocalDay(next, this.timeZone));
    const out = deriveWithWorld(this.station, events, { from: date, to: date, world, ordered: true });
    this.derivedDays += 1;
    this.days.set(date, out.derivation);
    this.starts.set(next, compactSnapshot(this.station, out.world));
    return out.derivation;
  }

  /** The floor at `at` (today only, from the snapshot at its start) and today's derivation. */
  live(log: LedgerLog, at: Instant): LiveRead {
    const date = localDateOf(at, this.timeZone);
    const world = this.worldAt(log, date);
    // Today's events; a correction made before today is about a day before it (and would widen the range).
    const lookback = this.station.rules.duplicateTapMs;
    const a = lowerBound(log.events, world.at - lookback);
    const events = log.events.slice(a, lowerBound(log.events, at + 1));
    return liveDerivation(this.station, events, at, {
      ordered: true,
      world,
      priorJobProductiveUnits: this.priorUnits(date),
    });
  }

  /** Productive units per job on the days before `date` (all of them are kept once worldAt(date) ran). */
  private priorUnits(date: LocalDate): Record<string, number> {
    const key = `${this.generation} ${date} ${this.days.size}`;
    if (this.prior?.key === key) return this.prior.units;
    const units: Record<string, number> = {};
    for (const [d, derivation] of this.days) {
      if (d >= date) continue;
      for (const md of derivation.mechanicDays)
        for (const [jobId, u] of Object.entries(md.totals.jobProductiveUnits))
          units[jobId] = (units[jobId] ?? 0) + u;
    }
    this.prior = { key, units };
    return units;
  }

  /**
   * What computeFigures needs for the local days from..to (live up to `now` when `to` reaches today): the
   * days of the period, and from the days before it only what reaches into it — the mechanic-days with
   * productive time (billed shares and actual time are over a job's whole history) and the job tracks.
   * `from` of the result is the first day of the log (or `from` if earlier), as a derivation from the
   * start of the log would have it.
   */
  period(log: LedgerLog, from: LocalDate, to: LocalDate, now: Instant): Derivation {
    const tz = this.timeZone;
    const today = localDateOf(now, tz);
    const firstDate = log.events.length ? localDateOf(log.events[0]!.at, tz) : from;
    const start = firstDate < from ? firstDate : from;
    const live = to >= today;
    const end = live ? today : to;
    if (start > end) {
      return {
        timeZone: tz,
        from: start,
        to: start,
        horizon: now,
        mechanicDays: [],
        liftDays: [],
        jobs: [],
        stationDays: [],
      };
    }
    const parts: Derivation[] = [];
    for (let d = start; d <= end && d < today; d = addDays(d, 1)) parts.push(this.day(log, d));
    if (live) parts.push(this.live(log, now).derivation);
    const merged: Derivation = {
      timeZone: tz,
      from: start,
      to: end,
      horizon: parts[parts.length - 1]!.horizon,
      mechanicDays: [],
      liftDays: [],
      jobs: [],
      stationDays: [],
    };
    const tracks = new Map<string, JobTrack>();
    for (const p of parts) {
      const inPeriod = p.from >= from;
      for (const md of p.mechanicDays) {
        if (inPeriod || md.totals.productiveSeconds > 0 || Object.keys(md.totals.jobProductiveUnits).length)
          merged.mechanicDays.push(md);
      }
      if (inPeriod) {
        merged.liftDays.push(...p.liftDays);
        merged.stationDays.push(...p.stationDays);
      }
      for (const track of p.jobs) {
        const was = tracks.get(track.jobId);
        tracks.set(
          track.jobId,
          was
            ? {
                ...track,
                history: [...was.history, ...track.history],
                waitElapsedByDate: { ...was.waitElapsedByDate, ...track.waitElapsedByDate },
              }
            : track,
        );
      }
    }
    merged.jobs = [...tracks.values()].sort((a, b) => (a.jobId < b.jobId ? -1 : 1));
    return merged;
  }
}

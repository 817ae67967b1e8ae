import { contextOf, deriveDetailed, type PreparedStation } from './derive.ts';
import { seconds } from './totals.ts';
import { localDateOf } from './tz.ts';
import {
  PRODUCTIVE_UNITS,
  type Derivation,
  type Instant,
  type IntervalKind,
  type JobStateName,
  type LabourEvent,
  type LiftSession,
  type LocalDate,
  type StationModel,
  type WaitReason,
} from './types.ts';
import type { WorldSnapshot } from './world.ts';

/** What the bay board shows at an instant: per lift who is in session, the jobs, open waits, untracked use. */

export interface LiveMechanicAtLift {
  mechanicId: string;
  name: string;
  /** When the session opened. */
  since: Instant;
  seconds: number;
  kind: IntervalKind;
  jobIds: string[];
}

export interface LiveJob {
  jobId: string;
  name: string | null;
  state: JobStateName;
  waitReason: WaitReason | null;
  waitingSince: Instant | null;
  waitingSeconds: number | null;
  assignees: string[];
  /** Productive time so far (the derivation's days plus `priorJobProductiveSeconds`). */
  productiveSeconds: number;
  normSeconds: number;
  overNorm: boolean;
}

export interface LiveLift {
  liftId: string;
  code: string;
  orderId: string | null;
  orderNumber: string | null;
  raised: boolean;
  bayOccupied: boolean;
  mechanics: LiveMechanicAtLift[];
  jobs: LiveJob[];
  /** The lift is up with nobody in session: since when. */
  untracked: { since: Instant; seconds: number } | null;
}

export interface LiveMechanic {
  mechanicId: string;
  name: string;
  state: 'absent' | 'present' | 'break' | 'session';
  liftId: string | null;
  kind: IntervalKind | null;
  jobIds: string[];
  /** Since when the current kind of time has been running. */
  since: Instant | null;
}

export interface LiveWait {
  jobId: string;
  orderId: string;
  liftId: string | null;
  reason: WaitReason;
  since: Instant;
  ageSeconds: number;
}

export interface LiveState {
  at: Instant;
  date: LocalDate;
  lifts: LiveLift[];
  mechanics: LiveMechanic[];
  openWaits: LiveWait[];
  /** Sessions closed automatically today, for the foreman. */
  autoClosedToday: LiftSession[];
}

export interface LiveOptions {
  /** The world at the start of the events passed (see derive). */
  world?: WorldSnapshot;
  /** Productive seconds per job before the first day of the events passed (the server's stored days). */
  priorJobProductiveSeconds?: Record<string, number>;
  /**
   * The same in exact PRODUCTIVE_UNITS: rounded together with the days derived here, so the result equals
   * a derivation from the start of the log.
   */
  priorJobProductiveUnits?: Record<string, number>;
  /** The events are sorted and unique already (DeriveOptions.ordered). */
  ordered?: boolean;
}

export function liveState(
  station: StationModel | PreparedStation,
  events: readonly LabourEvent[],
  at: Instant,
  options: LiveOptions = {},
): LiveState {
  return liveDerivation(station, events, at, options).state;
}

/** liveState and the derivation it was read from (the day's taps, for the kiosk's answers). */
export function liveDerivation(
  station: StationModel | PreparedStation,
  events: readonly LabourEvent[],
  at: Instant,
  options: LiveOptions = {},
): { state: LiveState; derivation: Derivation } {
  const prepared = contextOf(station);
  const date = localDateOf(at, prepared.timeZone);
  let first = at;
  for (const e of events) if (e.at < first) first = e.at;
  const { derivation, ctx, world, sweep, attendance } = deriveDetailed(prepared, events, {
    from: localDateOf(first, prepared.timeZone),
    to: date,
    until: at,
    world: options.world,
    ordered: options.ordered,
  });

  const productiveUnits = new Map<string, number>(Object.entries(options.priorJobProductiveUnits ?? {}));
  for (const d of derivation.mechanicDays) {
    for (const [jobId, u] of Object.entries(d.totals.jobProductiveUnits)) {
      productiveUnits.set(jobId, (productiveUnits.get(jobId) ?? 0) + u);
    }
  }
  const openSessions = new Map<string, LiftSession>();
  for (const a of attendance) {
    if (a.date !== date) continue;
    for (const s of a.sessions) if (s.closedAt === null) openSessions.set(s.mechanicId, s);
  }
  const nameOf = (id: string) => ctx.mechanics.get(id)?.name ?? id;

  const mechanics: LiveMechanic[] = ctx.mechanicIds.map((mechanicId) => {
    const state = sweep.open.attendance.get(mechanicId) ?? { kind: 'absent' as const };
    const cur = sweep.open.current.get(mechanicId);
    return {
      mechanicId,
      name: nameOf(mechanicId),
      state: state.kind,
      liftId: state.kind === 'session' ? state.liftId : null,
      kind: cur?.cls.kind ?? null,
      jobIds: cur?.cls.jobIds ?? [],
      since: cur?.from ?? null,
    };
  });

  const lifts: LiveLift[] = ctx.liftIds.map((liftId) => {
    const lift = world.lifts.get(liftId)!;
    const orderId = lift.orderId;
    const untrackedSince = sweep.open.liftFlags.get(liftId)?.untracked ?? null;
    return {
      liftId,
      code: ctx.liftCodes.get(liftId) ?? liftId,
      orderId,
      orderNumber: orderId ? (ctx.orderNumbers.get(orderId) ?? null) : null,
      raised: lift.raised,
      bayOccupied: lift.bayOccupied,
      mechanics: mechanics
        .filter((m) => m.state === 'session' && m.liftId === liftId)
        .map((m) => {
          const since = openSessions.get(m.mechanicId)?.openedAt ?? m.since ?? at;
          return {
            mechanicId: m.mechanicId,
            name: m.name,
            since,
            seconds: seconds(since, at),
            kind: m.kind!,
            jobIds: m.jobIds,
          };
        }),
      jobs: orderId
        ? world.orderJobs(orderId).map((job) => {
            const model = ctx.jobs.get(job.id)!;
            const productiveSeconds =
              Math.floor((productiveUnits.get(job.id) ?? 0) / PRODUCTIVE_UNITS) +
              (options.priorJobProductiveSeconds?.[job.id] ?? 0);
            return {
              jobId: job.id,
              name: model.name ?? null,
              state: job.state,
              waitReason: job.waitReason,
              waitingSince: job.waitSince,
              waitingSeconds: job.waitSince === null ? null : seconds(job.waitSince, at),
              assignees: [...job.assignees].sort(),
              productiveSeconds,
              normSeconds: model.normSeconds,
              overNorm: productiveSeconds > model.normSeconds,
            };
          })
        : [],
      untracked:
        untrackedSince === null ? null : { since: untrackedSince, seconds: seconds(untrackedSince, at) },
    };
  });

  const openWaits: LiveWait[] = [];
  for (const job of world.jobs.values()) {
    if (job.state !== 'waiting' || job.waitSince === null) continue;
    const order = world.orders.get(job.orderId);
    if (!order?.onSite && !order?.liftId && localDateOf(job.waitSince, ctx.timeZone) !== date) continue;
    openWaits.push({
      jobId: job.id,
      orderId: job.orderId,
      liftId: order?.liftId ?? null,
      reason: job.waitReason!,
      since: job.waitSince,
      ageSeconds: seconds(job.waitSince, at),
    });
  }
  openWaits.sort((a, b) => a.since - b.since || (a.jobId < b.jobId ? -1 : 1));

  const autoClosedToday = attendance
    .filter((a) => a.date === date)
    .flatMap((a) => a.sessions)
    .filter((s) => s.closedBy === 'auto')
    .sort((a, b) => a.openedAt - b.openedAt);

  return { state: { at, date, lifts, mechanics, openWaits, autoClosedToday }, derivation };
}

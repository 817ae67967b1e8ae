import type { AttendanceDay, AttendanceState } from './attendance.ts';
import {
  classify,
  noteAssignedOrders,
  sameClassification,
  type Classification,
  type Exposure,
  type JobRemap,
} from './classify.ts';
import { compareEvents, refOf } from './event-order.ts';
import type { StationContext } from './station-context.ts';
import { addTo, addWait, emptyTotals, seconds, splitUnits } from './totals.ts';
import type { DayCalendar } from './tz.ts';
import type {
  EventRef,
  IgnoredEvent,
  Instant,
  LiftInterval,
  LiftIntervalKind,
  MechanicDayTotals,
  MechanicInterval,
  WaitReason,
} from './types.ts';
import type { World, WorldStep } from './world.ts';

/**
 * One chronological pass over the world's steps and every mechanic's attendance changes. After all
 * steps of an instant are applied, the mechanics and lifts they touched are classified again; a changed
 * classification closes one interval and opens the next. Classification only changes at steps, so this
 * visits each instant once instead of re-examining every mechanic every second.
 */

type Step =
  | { t: Instant; type: 'world'; ref: EventRef; step: WorldStep }
  | { t: Instant; type: 'attendance'; mechanicId: string; state: AttendanceState }
  | { t: Instant; type: 'remap'; mechanicId: string };

export interface SweepInput {
  ctx: StationContext;
  cal: DayCalendar;
  world: World;
  worldSteps: readonly WorldStep[];
  /** World steps before this instant are already in the world (a snapshot). */
  worldStartAt: Instant;
  attendance: readonly AttendanceDay[];
  /** Mechanics whose intervals are wanted; the others only count for lifts and the world. */
  outputMechanics: ReadonlySet<string>;
  remaps: ReadonlyMap<string, JobRemap[]>;
  rangeStart: Instant;
  horizon: Instant;
}

export interface Span<T> {
  from: Instant;
  to: Instant;
  value: T;
}

export interface OpenState {
  attendance: Map<string, AttendanceState>;
  /** mechanicId → the classification in force at the horizon and since when. */
  current: Map<string, { cls: Classification; from: Instant }>;
  /** liftId → since when each lift flag has been on, at the horizon. */
  liftFlags: Map<string, Record<LiftIntervalKind, Instant | null>>;
}

export interface SweepOutput {
  intervals: Map<string, MechanicInterval[]>;
  /** `${mechanicId} ${dayIndex}` → totals from the intervals. */
  totals: Map<string, MechanicDayTotals>;
  exposure: Map<string, Exposure>;
  liftIntervals: LiftInterval[];
  liftOrders: Map<string, Span<string>[]>;
  jobWaits: Map<string, Span<WaitReason>[]>;
  ignored: IgnoredEvent[];
  open: OpenState;
}

const LIFT_KINDS: LiftIntervalKind[] = ['occupied', 'worked', 'untracked'];

function buildSteps(input: SweepInput): Step[] {
  const steps: Step[] = [];
  for (const s of input.worldSteps) {
    const ref = s.type === 'event' ? refOf(s.event) : s.ref;
    if (ref.at >= input.worldStartAt) steps.push({ t: ref.at, type: 'world', ref, step: s });
  }
  for (const day of input.attendance) {
    for (const o of day.openings) {
      if (o.ref.at < input.worldStartAt) continue;
      steps.push({ t: o.ref.at, type: 'world', ref: o.ref, step: { type: 'auto_start', ...o } });
    }
    for (const c of day.changes)
      steps.push({ t: c.at, type: 'attendance', mechanicId: day.mechanicId, state: c.state });
  }
  for (const [mechanicId, list] of input.remaps) {
    if (!input.outputMechanics.has(mechanicId)) continue;
    for (const r of list) {
      steps.push({ t: r.from, type: 'remap', mechanicId }, { t: r.to, type: 'remap', mechanicId });
    }
  }
  const rank = { world: 0, attendance: 1, remap: 2 } as const;
  return steps.sort((a, b) => {
    if (a.t !== b.t) return a.t - b.t;
    if (a.type !== b.type) return rank[a.type] - rank[b.type];
    return a.type === 'world' && b.type === 'world' ? compareEvents(a.ref, b.ref) : 0;
  });
}

export function sweep(input: SweepInput): SweepOutput {
  const { ctx, cal, world, outputMechanics, rangeStart, horizon } = input;
  const out: SweepOutput = {
    intervals: new Map(),
    totals: new Map(),
    exposure: new Map(),
    liftIntervals: [],
    liftOrders: new Map(),
    jobWaits: new Map(),
    ignored: [],
    open: { attendance: new Map(), current: new Map(), liftFlags: new Map() },
  };
  const attendance = out.open.attendance;
  const current = out.open.current;
  const liftFlags = out.open.liftFlags;
  const liftSessions = new Map<string, Set<string>>();
  const present = new Set<string>();
  /** Present, outside sessions and breaks: whose waiting:lift a change of layout may start or end. */
  const idle = new Set<string>();
  const liftOrder = new Map<string, { orderId: string; since: Instant }>();
  const jobWait = new Map<string, { reason: WaitReason; since: Instant }>();

  const clip = (from: Instant, to: Instant): [Instant, Instant] | null => {
    const a = Math.max(from, rangeStart);
    const b = Math.min(to, horizon);
    return b > a ? [a, b] : null;
  };
  const pushSpan = <T>(map: Map<string, Span<T>[]>, key: string, from: Instant, to: Instant, value: T) => {
    const c = clip(from, to);
    if (!c) return;
    const list = map.get(key);
    const span = { from: c[0], to: c[1], value };
    if (list) list.push(span);
    else map.set(key, [span]);
  };

  // The state the world starts in (empty, or a snapshot's).
  for (const liftId of ctx.liftIds) {
    liftFlags.set(liftId, { occupied: null, worked: null, untracked: null });
    const orderId = world.lifts.get(liftId)!.orderId;
    if (orderId) liftOrder.set(liftId, { orderId, since: input.worldStartAt });
  }
  for (const job of world.jobs.values()) {
    if (job.state === 'waiting')
      jobWait.set(job.id, { reason: job.waitReason!, since: job.waitSince ?? input.worldStartAt });
  }

  const dayKey = (mechanicId: string, t: Instant) => `${mechanicId} ${cal.indexOf(t)}`;

  const closeInterval = (mechanicId: string, cls: Classification, from: Instant, to: Instant) => {
    if (to <= from) return;
    let list = out.intervals.get(mechanicId);
    if (!list) out.intervals.set(mechanicId, (list = []));
    list.push({ mechanicId, from, to, kind: cls.kind, liftId: cls.liftId, jobIds: cls.jobIds });
    const key = dayKey(mechanicId, from);
    let totals = out.totals.get(key);
    if (!totals) out.totals.set(key, (totals = emptyTotals()));
    const d = seconds(from, to);
    switch (cls.kind) {
      case 'productive': {
        totals.productiveSeconds += d;
        const units = splitUnits(d, cls.jobIds);
        cls.jobIds.forEach((id, i) => addTo(totals.jobProductiveUnits, id, units[i]!));
        break;
      }
      case 'unassigned':
        totals.unassignedSeconds += d;
        break;
      case 'idle':
        totals.idleSeconds += d;
        break;
      case 'break':
        totals.breakSeconds += d;
        break;
      case 'absent':
        break;
      default: {
        const reason = cls.kind.slice('waiting:'.length) as WaitReason;
        totals.waitingSeconds[reason] += d;
        addWait(totals.jobWaitingSeconds, cls.jobIds[0]!, reason, d);
      }
    }
    totals.presentSeconds += cls.kind === 'absent' ? 0 : d;
  };

  const settleMechanic = (mechanicId: string, t: Instant) => {
    const state = attendance.get(mechanicId) ?? { kind: 'absent' };
    let exposure: Exposure | null = null;
    if (state.kind !== 'absent') {
      const key = dayKey(mechanicId, t);
      exposure = out.exposure.get(key) ?? null;
      if (!exposure) {
        out.exposure.set(key, (exposure = { lifts: new Set(), orders: new Set() }));
        noteAssignedOrders(world, mechanicId, exposure);
      }
    }
    const cls = classify(world, mechanicId, state, t, input.remaps.get(mechanicId) ?? [], exposure);
    const cur = current.get(mechanicId);
    if (sameClassification(cur?.cls ?? null, cls)) return;
    if (cur) closeInterval(mechanicId, cur.cls, cur.from, t);
    if (cls) current.set(mechanicId, { cls, from: t });
    else current.delete(mechanicId);
  };

  const settleLift = (liftId: string, t: Instant) => {
    const lift = world.lifts.get(liftId);
    const flags = liftFlags.get(liftId);
    if (!lift || !flags) return;
    const worked = (liftSessions.get(liftId)?.size ?? 0) > 0;
    const on: Record<LiftIntervalKind, boolean> = {
      occupied: lift.raised || lift.bayOccupied,
      worked,
      untracked: lift.raised && !worked,
    };
    for (const kind of LIFT_KINDS) {
      const since = flags[kind];
      if (on[kind] && since === null) flags[kind] = t;
      else if (!on[kind] && since !== null) {
        const c = clip(since, t);
        if (c) out.liftIntervals.push({ liftId, from: c[0], to: c[1], kind });
        flags[kind] = null;
      }
    }
  };

  const settleLayout = (t: Instant) => {
    for (const liftId of ctx.liftIds) {
      const orderId = world.lifts.get(liftId)!.orderId;
      const was = liftOrder.get(liftId);
      if ((was?.orderId ?? null) === orderId) continue;
      if (was) pushSpan(out.liftOrders, liftId, was.since, t, was.orderId);
      if (orderId) liftOrder.set(liftId, { orderId, since: t });
      else liftOrder.delete(liftId);
    }
  };

  const settleJobWait = (jobId: string, t: Instant) => {
    const job = world.jobs.get(jobId)!;
    const reason = job.state === 'waiting' ? job.waitReason : null;
    const was = jobWait.get(jobId);
    if ((was?.reason ?? null) === reason) return;
    if (was) pushSpan(out.jobWaits, jobId, was.since, t, was.reason);
    if (reason) jobWait.set(jobId, { reason, since: t });
    else jobWait.delete(jobId);
  };

  const steps = buildSteps(input);
  const dirtyMechanics = new Set<string>();
  const dirtyLifts = new Set<string>();
  let layoutChanged = false;
  let i = 0;
  // A snapshot's raised lifts and occupied bays count from the snapshot on.
  if (Number.isFinite(input.worldStartAt))
    for (const liftId of ctx.liftIds) settleLift(liftId, input.worldStartAt);

  while (i < steps.length && steps[i]!.t < horizon) {
    const t = steps[i]!.t;
    dirtyLifts.clear();
    dirtyMechanics.clear();
    layoutChanged = false;
    for (; i < steps.length && steps[i]!.t === t; i++) {
      const step = steps[i]!;
      if (step.type === 'attendance') {
        const old = attendance.get(step.mechanicId);
        if (old?.kind === 'session') {
          liftSessions.get(old.liftId)?.delete(step.mechanicId);
          dirtyLifts.add(old.liftId);
        }
        if (step.state.kind === 'session') {
          let set = liftSessions.get(step.state.liftId);
          if (!set) liftSessions.set(step.state.liftId, (set = new Set()));
          set.add(step.mechanicId);
          dirtyLifts.add(step.state.liftId);
        }
        attendance.set(step.mechanicId, step.state);
        if (outputMechanics.has(step.mechanicId)) {
          if (step.state.kind === 'absent') present.delete(step.mechanicId);
          else present.add(step.mechanicId);
          if (step.state.kind === 'present') idle.add(step.mechanicId);
          else idle.delete(step.mechanicId);
          dirtyMechanics.add(step.mechanicId);
        }
        continue;
      }
      if (step.type === 'remap') {
        dirtyMechanics.add(step.mechanicId);
        continue;
      }
      const effect = world.apply(step.step);
      if (effect.ignored && step.step.type === 'event') {
        out.ignored.push({ ...step.ref, kind: step.step.event.kind, reason: effect.ignored });
      }
      if (effect.sensorLift) dirtyLifts.add(effect.sensorLift);
      if (effect.layout) layoutChanged = true;
      for (const liftId of effect.layoutLifts) {
        for (const m of liftSessions.get(liftId) ?? []) if (present.has(m)) dirtyMechanics.add(m);
      }
      for (const m of effect.mechanics) {
        if (present.has(m)) dirtyMechanics.add(m);
        for (const job of effect.jobs) out.exposure.get(dayKey(m, t))?.orders.add(job.orderId);
      }
      for (const job of effect.jobs) {
        settleJobWait(job.id, t);
        for (const m of job.assignees) if (present.has(m)) dirtyMechanics.add(m);
        const liftId = world.orders.get(job.orderId)?.liftId;
        for (const m of (liftId && liftSessions.get(liftId)) || []) if (present.has(m)) dirtyMechanics.add(m);
      }
    }
    if (layoutChanged) {
      settleLayout(t);
      // Only an idle mechanic with a car on site, or already waiting for a lift, can start or stop waiting:lift.
      for (const m of idle) {
        if ((world.onSiteJobsOf.get(m)?.size ?? 0) > 0 || current.get(m)?.cls.kind === 'waiting:lift')
          dirtyMechanics.add(m);
      }
    }
    for (const liftId of dirtyLifts) settleLift(liftId, t);
    if (t >= rangeStart) for (const m of dirtyMechanics) settleMechanic(m, t);
  }

  // What is still open at the horizon is cut there (and reported as open to the live view).
  for (const [mechanicId, cur] of current) closeInterval(mechanicId, cur.cls, cur.from, horizon);
  for (const [liftId, flags] of liftFlags) {
    for (const kind of LIFT_KINDS) {
      const since = flags[kind];
      const c = since === null ? null : clip(since, horizon);
      if (c) out.liftIntervals.push({ liftId, from: c[0], to: c[1], kind });
    }
  }
  for (const [liftId, was] of liftOrder) pushSpan(out.liftOrders, liftId, was.since, horizon, was.orderId);
  for (const [jobId, was] of jobWait) pushSpan(out.jobWaits, jobId, was.since, horizon, was.reason);
  return out;
}

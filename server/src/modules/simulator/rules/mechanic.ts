import { DAY, dayStartOf, planDay, type DayPlan } from './day-plan.ts';
import type { Rng } from './random.ts';
import { workable, type JobView, type LiftView, type WaitReason } from './types.ts';

const MINUTE = 60;

export type MechanicPhase = 'off' | 'present' | 'at_lift' | 'break' | 'gone';

/** A mechanic's own plan for a job: how much work is left and whether something will interrupt it. */
export interface JobWork {
  remaining: number;
  incident: { reason: 'parts' | 'approval' | 'tool'; atRemaining: number } | null;
  /** For a wait the mechanic ends himself (tool, other): when he carries on. */
  waitUntil: number | null;
}

export interface MechanicState {
  index: number;
  staffId: string;
  phase: MechanicPhase;
  plan: DayPlan;
  breaksTaken: number;
  breakUntil: number | null;
  lastAt: number;
  work: Record<string, JobWork>;
}

export type MechanicAction =
  | { type: 'tap'; at: 'entrance' | 'lift' }
  | { type: 'job'; action: 'start' | 'pause' | 'resume' | 'complete'; lineId: string; reason?: WaitReason }
  | { type: 'request_parts'; lineId: string }
  | { type: 'propose_extra'; lineId: string }
  | { type: 'lift'; state: 'raised' | 'lowered' };

export interface MechanicDecision {
  state: MechanicState;
  actions: MechanicAction[];
  /** Simulated seconds until this mechanic decides again. */
  next: number;
}

export function newMechanic(rng: Rng, index: number, staffId: string, now: number): MechanicState {
  const dayStart = dayStartOf(now);
  return {
    index,
    staffId,
    phase: 'off',
    plan: planDay(rng, index, dayStart),
    breaksTaken: 0,
    breakUntil: null,
    lastAt: now,
    work: {},
  };
}

/**
 * The job a mechanic turns to at his lift: his own first (in progress, then waiting, then planned),
 * else an unassigned one. `mine: false` with a job means someone else's job is in progress there:
 * he lends a hand (LABOUR: unassigned mechanics count the order's jobs in progress).
 */
export function pickJob(jobs: JobView[], staffId: string): { job: JobView; mine: boolean } | null {
  const open = jobs.filter((j) => workable(j) && j.state !== 'done');
  const rank = (j: JobView) => ({ in_progress: 0, waiting: 1, planned: 2, done: 3 })[j.state];
  const byRank = (a: JobView, b: JobView) => rank(a) - rank(b);
  const own = open.filter((j) => j.staffIds.includes(staffId)).sort(byRank);
  if (own[0]) return { job: own[0], mine: true };
  const free = open.filter((j) => j.staffIds.length === 0).sort(byRank);
  if (free[0]) return { job: free[0], mine: true };
  const helping = open.find((j) => j.state === 'in_progress');
  return helping ? { job: helping, mine: false } : null;
}

/** How a job will go: 0.7–1.3 of its norm, and now and then an interruption part-way. */
export function planWork(rng: Rng, job: JobView, alreadyStarted: boolean): JobWork {
  const norm = Math.max(job.normSeconds, 10 * MINUTE);
  const remaining = Math.round(norm * rng.between(0.7, 1.3) * (alreadyStarted ? rng.between(0.3, 0.8) : 1));
  const roll = rng.next();
  const reason = roll < 0.22 ? 'parts' : roll < 0.34 ? 'approval' : roll < 0.42 ? 'tool' : null;
  return {
    remaining,
    incident: reason ? { reason, atRemaining: Math.round(remaining * rng.between(0.3, 0.7)) } : null,
    waitUntil: null,
  };
}

function breakDue(s: MechanicState, now: number): { at: number; minutes: number } | null {
  const next = s.plan.breaks[s.breaksTaken];
  return next && now >= next.at ? next : null;
}

/** Whether the lift has something this mechanic would go there for. */
export function hasWork(lift: LiftView | null, staffId: string): boolean {
  return !!lift?.order && pickJob(lift.order.jobs, staffId) !== null;
}

/**
 * A mechanic's next move (pure): given his state, his lift as it is now and the simulated time.
 * The runner performs the actions (taps through the bridges, job actions as the kiosk would) and
 * asks again after `next` simulated seconds.
 */
export function decideMechanic(
  prev: MechanicState,
  lift: LiftView | null,
  now: number,
  rng: Rng,
): MechanicDecision {
  const s: MechanicState = { ...prev, work: { ...prev.work }, lastAt: now };
  const actions: MechanicAction[] = [];
  const done = (next: number): MechanicDecision => ({
    state: s,
    actions,
    next: Math.max(15, Math.round(next)),
  });
  const elapsed = Math.max(0, now - prev.lastAt);

  switch (s.phase) {
    case 'gone': {
      const nextDay = s.plan.dayStart + DAY.cycleSeconds;
      if (now < nextDay) return done(nextDay - now);
      s.plan = planDay(rng, s.index, dayStartOf(now));
      s.phase = 'off';
      s.breaksTaken = 0;
      s.breakUntil = null;
      return done(Math.max(s.plan.arriveAt - now, 15));
    }
    case 'off':
      if (now < s.plan.arriveAt) return done(s.plan.arriveAt - now);
      actions.push({ type: 'tap', at: 'entrance' });
      s.phase = 'present';
      return done(rng.int(1 * MINUTE, 4 * MINUTE));
    case 'break':
      if (s.breakUntil !== null && now < s.breakUntil) return done(s.breakUntil - now);
      s.phase = 'present';
      s.breakUntil = null;
      return done(rng.int(1 * MINUTE, 3 * MINUTE));
    case 'present': {
      if (now >= s.plan.leaveAt) {
        actions.push({ type: 'tap', at: 'entrance' });
        s.phase = 'gone';
        return done(s.plan.dayStart + DAY.cycleSeconds - now);
      }
      const pause = breakDue(s, now);
      if (pause) {
        s.breaksTaken += 1;
        s.phase = 'break';
        s.breakUntil = now + pause.minutes * MINUTE;
        return done(pause.minutes * MINUTE);
      }
      if (hasWork(lift, s.staffId)) {
        actions.push({ type: 'tap', at: 'lift' });
        s.phase = 'at_lift';
        return done(rng.int(1 * MINUTE, 3 * MINUTE));
      }
      return done(rng.int(5 * MINUTE, 12 * MINUTE));
    }
    case 'at_lift':
      return atLift(s, lift, now, elapsed, rng, actions, done);
  }
}

function atLift(
  s: MechanicState,
  lift: LiftView | null,
  now: number,
  elapsed: number,
  rng: Rng,
  actions: MechanicAction[],
  done: (next: number) => MechanicDecision,
): MechanicDecision {
  const leave = (next: number) => {
    if (lift?.raised && lift.othersAtLift === 0) actions.push({ type: 'lift', state: 'lowered' });
    actions.push({ type: 'tap', at: 'lift' });
    s.phase = 'present';
    return done(next);
  };
  const picked = lift?.order ? pickJob(lift.order.jobs, s.staffId) : null;
  // Work done since the last look counts against his job in progress.
  if (picked?.mine && picked.job.state === 'in_progress' && s.work[picked.job.id]) {
    const w = s.work[picked.job.id]!;
    s.work[picked.job.id] = { ...w, remaining: w.remaining - elapsed };
  }
  const pause = breakDue(s, now);
  if (now >= s.plan.leaveAt || pause) {
    if (pause) {
      s.breaksTaken += 1;
      s.breakUntil = now + pause.minutes * MINUTE;
      const next = leave(pause.minutes * MINUTE);
      s.phase = 'break';
      return next;
    }
    return leave(rng.int(1 * MINUTE, 3 * MINUTE));
  }
  if (!lift || !picked) return leave(rng.int(5 * MINUTE, 15 * MINUTE));
  const { job, mine } = picked;
  if (!mine) return done(rng.int(8 * MINUTE, 20 * MINUTE));

  switch (job.state) {
    case 'planned':
      actions.push({ type: 'job', action: 'start', lineId: job.id });
      s.work[job.id] = planWork(rng, job, false);
      return done(rng.int(1 * MINUTE, 3 * MINUTE));
    case 'in_progress': {
      const w = s.work[job.id] ?? (s.work[job.id] = planWork(rng, job, true));
      if (lift.raisable && !lift.raised) {
        actions.push({ type: 'lift', state: 'raised' });
        return done(rng.int(1 * MINUTE, 2 * MINUTE));
      }
      if (w.incident && w.remaining <= w.incident.atRemaining) {
        const reason = w.incident.reason;
        s.work[job.id] = {
          ...w,
          incident: null,
          waitUntil: reason === 'tool' ? now + rng.int(5, 15) * MINUTE : null,
        };
        actions.push({ type: 'job', action: 'pause', lineId: job.id, reason });
        if (reason === 'parts') actions.push({ type: 'request_parts', lineId: job.id });
        if (reason === 'approval') actions.push({ type: 'propose_extra', lineId: job.id });
        return done(rng.int(2 * MINUTE, 5 * MINUTE));
      }
      if (w.remaining <= 0) {
        actions.push({ type: 'job', action: 'complete', lineId: job.id });
        delete s.work[job.id];
        const more = lift.order!.jobs.some((j) => j.id !== job.id && workable(j) && j.state !== 'done');
        if (!more && lift.raised && lift.othersAtLift === 0) actions.push({ type: 'lift', state: 'lowered' });
        return done(rng.int(1 * MINUTE, 3 * MINUTE));
      }
      const milestone = w.incident ? w.remaining - w.incident.atRemaining : w.remaining;
      return done(Math.min(Math.max(milestone, 30), 15 * MINUTE));
    }
    case 'waiting': {
      const w = s.work[job.id] ?? (s.work[job.id] = planWork(rng, job, true));
      const resume = () => {
        actions.push({ type: 'job', action: 'resume', lineId: job.id });
        s.work[job.id] = { ...s.work[job.id]!, incident: null, waitUntil: null };
        return done(rng.int(1 * MINUTE, 3 * MINUTE));
      };
      if (job.waitReason === 'parts') {
        if (job.partsRequest === 'none') {
          actions.push({ type: 'request_parts', lineId: job.id });
          return done(rng.int(3 * MINUTE, 6 * MINUTE));
        }
        if (job.partsRequest === 'closed') return resume();
        return done(rng.int(3 * MINUTE, 7 * MINUTE));
      }
      if (job.waitReason === 'approval') {
        const pending = lift.order!.jobs.some((j) => j.decision === 'pending');
        return pending ? done(rng.int(4 * MINUTE, 8 * MINUTE)) : resume();
      }
      if (w.waitUntil === null) {
        s.work[job.id] = { ...w, waitUntil: now + rng.int(5, 15) * MINUTE };
        return done(s.work[job.id]!.waitUntil! - now);
      }
      return now >= w.waitUntil ? resume() : done(w.waitUntil - now);
    }
    case 'done':
      return leave(rng.int(5 * MINUTE, 15 * MINUTE));
  }
}

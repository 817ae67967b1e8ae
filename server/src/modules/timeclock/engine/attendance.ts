import { compareEvents } from './event-order.ts';
import type { DayWindow, StationContext } from './station-context.ts';
import {
  ENTRANCE,
  type AutoCloseRule,
  type BreakPeriod,
  type EventRef,
  type IgnoredEvent,
  type Instant,
  type LiftSession,
  type LocalDate,
  type PresencePeriod,
  type RejectedTap,
  type TapOutcome,
} from './types.ts';

/**
 * Attendance of one mechanic on one local day: presence, breaks and lift sessions from badge taps, the
 * kiosk's break buttons, the bay sensors and the foreman's close-session corrections. It does not depend
 * on jobs or placements, and everything closes by the end of the local day, so mechanic-days are
 * independent of each other here.
 *
 * Automatic closes. A session's deadline is the end of M's shift, else the station's closing time, else
 * the end of the day, and never more than the session cap after it opened. Presence has the same
 * deadline without the cap. A shift-end or closing-time close is final only when the grace period
 * passes without evidence from M (a tap, a kiosk action); then it lands on the deadline. Presence never
 * closes before the last evidence, nor while a session is open. Opened after the station closed (on a
 * day it was open), the deadline is the opening itself: only evidence keeps it going.
 */

export type AttendanceItem =
  | {
      type: 'tap';
      ref: EventRef;
      bridgeId: string;
      readerId: string;
      uid: string;
      /** A lift id or ENTRANCE. */
      target: string;
      /** Before the day: only feeds the duplicate rule. */
      lookback?: boolean;
    }
  | { type: 'break.start' | 'break.end'; ref: EventRef }
  | { type: 'bay_free'; ref: EventRef; liftId: string }
  | {
      type: 'close_session';
      ref: EventRef;
      closeAt: Instant;
      sessionOpenedAt: Instant | null;
      reason: string;
    };

type CloseItem = Extract<AttendanceItem, { type: 'close_session' }>;

export type AttendanceState =
  { kind: 'absent' } | { kind: 'present' } | { kind: 'break' } | { kind: 'session'; liftId: string };

export interface AttendanceChange {
  at: Instant;
  state: AttendanceState;
}

export interface SessionOpening {
  ref: EventRef;
  mechanicId: string;
  liftId: string;
}

export interface AttendanceDay {
  mechanicId: string;
  date: LocalDate;
  sessions: LiftSession[];
  presence: PresencePeriod[];
  breaks: BreakPeriod[];
  taps: TapOutcome[];
  rejected: RejectedTap[];
  ignored: IgnoredEvent[];
  /** The attendance state from each instant on; starts absent at the day's start. */
  changes: AttendanceChange[];
  openings: SessionOpening[];
}

export interface AttendanceDayInput {
  ctx: StationContext;
  mechanicId: string;
  date: LocalDate;
  dayStart: Instant;
  dayEnd: Instant;
  /** Nothing at or after this instant happens (the live derivation); dayEnd otherwise. */
  horizon: Instant;
  /** Sorted by compareItems. */
  items: AttendanceItem[];
}

/** Sessions opened within this much of a correction's `sessionOpenedAt` are the one it means. */
const SESSION_MATCH_MS = 1000;

interface Deadline {
  at: Instant;
  rule: AutoCloseRule;
  /** Waits for evidence (shift end, closing time) rather than being a hard limit (cap, midnight). */
  grace: boolean;
}

interface SessionTimer {
  fireAt: Instant;
  closeAt: Instant;
  rule: AutoCloseRule;
}

export function itemTime(item: AttendanceItem): Instant {
  return item.type === 'close_session' ? item.closeAt : item.ref.at;
}

export function compareItems(a: AttendanceItem, b: AttendanceItem): number {
  const ta = itemTime(a);
  const tb = itemTime(b);
  if (ta !== tb) return ta - tb;
  return compareEvents(a.ref, b.ref);
}

function sameState(a: AttendanceState, b: AttendanceState): boolean {
  return a.kind === b.kind && (a.kind !== 'session' || (b.kind === 'session' && a.liftId === b.liftId));
}

export function deriveAttendanceDay(input: AttendanceDayInput): AttendanceDay {
  return new AttendanceFold(input).run();
}

/** The fold over one mechanic-day's items (a class so that its helpers are not re-created per day). */
class AttendanceFold {
  private readonly out: AttendanceDay;
  private readonly grace: number;
  private readonly shifts: DayWindow[];
  private readonly opening: DayWindow[];
  private readonly pinned: CloseItem[];
  private readonly pinnedUsed = new Set<CloseItem>();
  private readonly lastRead = new Map<string, Instant>();
  private presence: PresencePeriod | null = null;
  private deadline: Deadline | null = null;
  /** The last instant M showed up: an own event or a change of attendance. */
  private evidence: Instant;
  private onBreak: BreakPeriod | null = null;
  private session: LiftSession | null = null;
  private timer: SessionTimer | null = null;
  private pin: CloseItem | null = null;

  constructor(private readonly input: AttendanceDayInput) {
    const { ctx, mechanicId, date } = input;
    this.out = {
      mechanicId,
      date,
      sessions: [],
      presence: [],
      breaks: [],
      taps: [],
      rejected: [],
      ignored: [],
      changes: [],
      openings: [],
    };
    this.grace = ctx.rules.autoCloseGraceSeconds * 1000;
    this.shifts = ctx.shiftWindows(mechanicId, date);
    this.opening = ctx.openingWindows(date);
    this.pinned = input.items.filter(
      (i): i is CloseItem => i.type === 'close_session' && i.sessionOpenedAt !== null,
    );
    this.evidence = input.dayStart;
  }

  run(): AttendanceDay {
    const { items, horizon, dayEnd } = this.input;
    this.mark(this.input.dayStart);
    for (const item of items) {
      if (item.type === 'tap' && item.lookback) {
        this.lastRead.set(`${item.uid}|${item.bridgeId}/${item.readerId}`, item.ref.at);
        continue;
      }
      const t = itemTime(item);
      if (t >= horizon) break;
      this.fireTimers(t, false);
      this.apply(item, t);
      this.mark(t);
    }
    this.fireTimers(horizon, horizon >= dayEnd);
    return this.out;
  }

  private apply(item: AttendanceItem, t: Instant): void {
    switch (item.type) {
      case 'tap':
        this.tap(item, t);
        break;
      case 'break.start':
        this.evidence = Math.max(this.evidence, t);
        if (!this.presence) this.ignore(item.ref, 'break.start', 'not_present');
        else if (this.onBreak) this.ignore(item.ref, 'break.start', 'already_on_break');
        else {
          this.closeSession(t, 'break');
          this.onBreak = { mechanicId: this.input.mechanicId, from: t, to: null, closedBy: null };
          this.out.breaks.push(this.onBreak);
        }
        break;
      case 'break.end':
        this.evidence = Math.max(this.evidence, t);
        if (this.onBreak) this.endBreak(t, 'break_end');
        else this.ignore(item.ref, 'break.end', 'not_on_break');
        break;
      case 'bay_free':
        if (this.session?.liftId === item.liftId) this.closeSession(t, 'bay_free');
        break;
      case 'close_session': {
        const current = this.session;
        if (item.sessionOpenedAt !== null) {
          if (current && this.pin === item) this.closeSession(t, 'correction');
          else {
            const why = this.pinnedUsed.has(item) ? 'session_closed_earlier' : 'session_not_found';
            this.ignore(item.ref, 'correction.close_session', why);
          }
        } else if (current) {
          current.correction = { ...item.ref, reason: item.reason };
          this.closeSession(t, 'correction');
        } else {
          this.ignore(item.ref, 'correction.close_session', 'no_open_session');
        }
        break;
      }
    }
  }

  private deadlineFor(t: Instant): Deadline {
    const dayEnd = this.input.dayEnd;
    const shift = this.shifts.find((w) => w.end > t);
    if (shift) return { at: Math.min(shift.end, dayEnd), rule: 'shift_end', grace: true };
    const open = this.opening.find((w) => w.end > t);
    if (open) return { at: Math.min(open.end, dayEnd), rule: 'station_day_end', grace: true };
    if (this.opening.length > 0) return { at: t, rule: 'station_day_end', grace: true };
    return { at: dayEnd, rule: 'day_end', grace: false };
  }

  private state(): AttendanceState {
    if (this.session) return { kind: 'session', liftId: this.session.liftId };
    if (this.onBreak) return { kind: 'break' };
    return this.presence ? { kind: 'present' } : { kind: 'absent' };
  }

  private mark(at: Instant): void {
    const s = this.state();
    const changes = this.out.changes;
    const last = changes[changes.length - 1];
    if (last && last.at === at) last.state = s;
    else if (!last || !sameState(last.state, s)) changes.push({ at, state: s });
    else return;
    this.evidence = Math.max(this.evidence, at);
  }

  private closeSession(at: Instant, by: LiftSession['closedBy'], rule: AutoCloseRule | null = null): void {
    const session = this.session;
    if (!session) return;
    session.closedAt = at;
    session.closedBy = by;
    session.autoRule = by === 'auto' ? rule : null;
    this.session = null;
    this.timer = null;
    this.pin = null;
  }

  private endBreak(at: Instant, by: BreakPeriod['closedBy']): void {
    if (!this.onBreak) return;
    this.onBreak.to = at;
    this.onBreak.closedBy = by;
    this.onBreak = null;
  }

  private clockIn(at: Instant, by: PresencePeriod['openedBy']): void {
    this.presence = {
      mechanicId: this.input.mechanicId,
      from: at,
      to: null,
      openedBy: by,
      closedBy: null,
      autoRule: null,
    };
    this.out.presence.push(this.presence);
    this.deadline = this.deadlineFor(at);
  }

  private clockOut(at: Instant, by: 'entrance' | 'auto', rule: AutoCloseRule | null): void {
    this.closeSession(at, by === 'auto' ? 'auto' : 'clock_out', rule);
    this.endBreak(at, by === 'auto' ? 'auto' : 'clock_out');
    if (this.presence) {
      this.presence.to = at;
      this.presence.closedBy = by;
      this.presence.autoRule = by === 'auto' ? rule : null;
    }
    this.presence = null;
    this.deadline = null;
  }

  private openSession(ref: EventRef, liftId: string): void {
    const t = ref.at;
    const { ctx, mechanicId, dayEnd } = this.input;
    const session: LiftSession = {
      mechanicId,
      liftId,
      openedAt: t,
      openedBy: ref,
      closedAt: null,
      closedBy: null,
      autoRule: null,
      correction: null,
    };
    this.session = session;
    this.out.sessions.push(session);
    this.out.openings.push({ ref, mechanicId, liftId });
    const pin = this.pinned.find(
      (p) => !this.pinnedUsed.has(p) && Math.abs(p.sessionOpenedAt! - t) < SESSION_MATCH_MS && p.closeAt >= t,
    );
    if (pin) {
      // The foreman said when this session ended: it waits for that, not for an automatic close.
      this.pinnedUsed.add(pin);
      this.pin = pin;
      session.correction = { ...pin.ref, reason: pin.reason };
      this.timer = null;
      return;
    }
    const cap = Math.min(t + ctx.rules.sessionCapSeconds * 1000, dayEnd);
    const d = this.deadlineFor(t);
    if (cap < d.at)
      this.timer = { fireAt: cap, closeAt: cap, rule: cap === dayEnd ? 'day_end' : 'session_cap' };
    else if (d.grace) this.timer = { fireAt: Math.min(d.at + this.grace, cap), closeAt: d.at, rule: d.rule };
    else this.timer = { fireAt: d.at, closeAt: d.at, rule: d.rule };
  }

  private presenceFireAt(): Instant {
    const d = this.deadline;
    if (!this.presence || this.session || !d) return Number.POSITIVE_INFINITY;
    return d.grace ? Math.min(Math.max(d.at, this.evidence) + this.grace, this.input.dayEnd) : d.at;
  }

  /** Fires the automatic closes due before `until` (or at it, when `inclusive`). */
  private fireTimers(until: Instant, inclusive: boolean): void {
    for (;;) {
      const sessionAt = this.session && this.timer ? this.timer.fireAt : Number.POSITIVE_INFINITY;
      const presenceAt = this.presenceFireAt();
      const next = Math.min(sessionAt, presenceAt);
      if (inclusive ? next > until : next >= until) return;
      if (sessionAt <= presenceAt) {
        const timer = this.timer!;
        this.closeSession(timer.closeAt, 'auto', timer.rule);
        this.mark(timer.closeAt);
      } else {
        const d = this.deadline!;
        const at = d.grace ? Math.max(d.at, this.evidence) : d.at;
        this.clockOut(at, 'auto', d.rule);
        this.mark(at);
      }
    }
  }

  private ignore(ref: EventRef, kind: IgnoredEvent['kind'], reason: string): void {
    this.out.ignored.push({ ...ref, kind, reason });
  }

  private tap(item: Extract<AttendanceItem, { type: 'tap' }>, t: Instant): void {
    const { ctx, mechanicId } = this.input;
    const readKey = `${item.uid}|${item.bridgeId}/${item.readerId}`;
    const previous = this.lastRead.get(readKey);
    this.lastRead.set(readKey, t);
    if (previous !== undefined && t - previous <= ctx.rules.duplicateTapMs) {
      this.out.rejected.push({
        source: item.ref.source,
        seq: item.ref.seq,
        at: item.ref.at,
        bridgeId: item.bridgeId,
        readerId: item.readerId,
        uid: item.uid,
        mechanicId,
        reason: 'duplicate',
      });
      return;
    }
    // Field by field: a spread here is the fold's hottest allocation.
    const outcome: TapOutcome = {
      source: item.ref.source,
      seq: item.ref.seq,
      at: item.ref.at,
      mechanicId,
      liftId: item.target === ENTRANCE ? null : item.target,
      action: 'clock_in',
      clockedIn: false,
      endedBreak: false,
    };
    this.out.taps.push(outcome);
    this.evidence = Math.max(this.evidence, t);
    if (item.target === ENTRANCE) {
      if (this.presence) {
        this.clockOut(t, 'entrance', null);
        outcome.action = 'clock_out';
      } else {
        this.clockIn(t, 'entrance');
        outcome.clockedIn = true;
      }
      return;
    }
    if (!this.presence) {
      this.clockIn(t, 'lift_tap');
      outcome.clockedIn = true;
    }
    if (this.onBreak) {
      this.endBreak(t, 'lift_tap');
      outcome.endedBreak = true;
    }
    const current = this.session;
    if (current && current.liftId === item.target) {
      this.closeSession(t, 'tap');
      outcome.action = 'session_close';
      return;
    }
    outcome.action = current ? 'session_switch' : 'session_open';
    if (current) this.closeSession(t, 'other_lift');
    this.openSession(item.ref, item.target);
  }
}

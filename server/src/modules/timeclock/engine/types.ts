/**
 * The labour engine's input and output shapes (shared/design/LABOUR.md). Everything here is plain data:
 * instants are UTC epoch milliseconds, durations whole seconds, "a day" a station-local calendar date.
 */

/** UTC epoch milliseconds. */
export type Instant = number;
/** A station-local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A station-local wall-clock time, `HH:MM` or `HH:MM:SS`. */
export type LocalTime = string;
/** ISO weekday: 1 = Monday … 7 = Sunday (as in mechanic_shifts.weekday). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WAIT_REASONS = ['parts', 'approval', 'tool', 'lift', 'other'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

// ---------------------------------------------------------------------------------------------------
// The station model: what the engine must know besides the event log.
// ---------------------------------------------------------------------------------------------------

/** A wall-clock window inside one local day; `end` is after `start` (no window crosses midnight). */
export interface TimeWindow {
  start: LocalTime;
  end: LocalTime;
}

export interface WeeklyWindow extends TimeWindow {
  weekday: IsoWeekday;
}

/** Replaces the weekly windows on one date; an empty list is a day off (or a closed station). */
export interface DatedWindows {
  date: LocalDate;
  windows: TimeWindow[];
}

/** A badge belongs to a mechanic from `validFrom` (inclusive) to `validTo` (exclusive); open ends are unbounded. */
export interface BadgeAssignment {
  uid: string;
  validFrom?: Instant;
  validTo?: Instant;
}

export interface MechanicModel {
  id: string;
  name: string;
  badges: BadgeAssignment[];
  shifts: WeeklyWindow[];
  shiftOverrides?: DatedWindows[];
}

export interface LiftModel {
  id: string;
  code: string;
}

export const ENTRANCE = 'entrance';

/** `<bridgeId>/<readerId>` bound to a lift id or to the entrance, over a validity range. */
export interface ReaderBinding {
  bridgeId: string;
  readerId: string;
  target: string;
  validFrom?: Instant;
  validTo?: Instant;
}

export type SensorKind = 'lift' | 'bay';

export interface SensorBinding {
  bridgeId: string;
  sensorId: string;
  liftId: string;
  kind: SensorKind;
  validFrom?: Instant;
  validTo?: Instant;
}

export interface JobModel {
  id: string;
  orderId: string;
  name?: string;
  normSeconds: number;
  /** Mechanics assigned before any event; later changes are job.assign / job.unassign events. */
  assignees?: string[];
  /** A line the customer declined: never started, never counted. */
  declined?: boolean;
}

export interface RepairOrderModel {
  id: string;
  number?: string;
  jobs: JobModel[];
}

export interface LabourRules {
  /** A second read of the same badge on the same reader within this many ms is a duplicate. */
  duplicateTapMs: number;
  /** A lift session still open this long after it opened closes automatically. */
  sessionCapSeconds: number;
  /**
   * How long an automatic close at the shift end or the station's closing time waits for evidence from
   * the mechanic (a tap, a kiosk action) before it is final. Within it the mechanic's own taps count as
   * usual — the tap-out five minutes after the shift closes the session then; without evidence the close
   * lands at the deadline itself, as LABOUR.md says.
   */
  autoCloseGraceSeconds: number;
}

export const DEFAULT_RULES: LabourRules = {
  duplicateTapMs: 5_000,
  sessionCapSeconds: 10 * 3600,
  autoCloseGraceSeconds: 2 * 3600,
};

export interface StationModel {
  /** IANA time zone of the station: what "a day" means. */
  timeZone: string;
  /** Opening hours: the station's day end (auto-close) and the lifts' open hours (utilisation). */
  openingHours: WeeklyWindow[];
  openingOverrides?: DatedWindows[];
  mechanics: MechanicModel[];
  lifts: LiftModel[];
  readers: ReaderBinding[];
  sensors: SensorBinding[];
  orders: RepairOrderModel[];
  rules?: Partial<LabourRules>;
}

// ---------------------------------------------------------------------------------------------------
// Events. Sorted by (at, source, seq); (source, seq) identifies an event forever.
// ---------------------------------------------------------------------------------------------------

/** What a bridge sent, by its own clock, and when the server received it (MQTT.md). */
export interface BridgeTiming {
  at: Instant;
  sentAt: Instant;
  receivedAt: Instant;
}

export interface EventBase {
  /** `bridge:<bridgeId>`, `desk`, `kiosk` (or `kiosk:<deviceId>`), `system`. */
  source: string;
  /** Per-source sequence number (the bridge's eventId for bridge events). */
  seq: number;
  /** The corrected time of the event (for bridge events: see correctBridgeTime). */
  at: Instant;
}

export type EventPayload =
  | { kind: 'badge.tap'; bridgeId: string; readerId: string; uid: string; raw?: BridgeTiming }
  | {
      kind: 'lift.sensor';
      bridgeId: string;
      sensorId: string;
      state: 'raised' | 'lowered';
      raw?: BridgeTiming;
    }
  | { kind: 'bay.sensor'; bridgeId: string; sensorId: string; state: 'occupied' | 'free'; raw?: BridgeTiming }
  | { kind: 'job.start'; jobId: string }
  | { kind: 'job.pause'; jobId: string; reason: WaitReason }
  | { kind: 'job.resume'; jobId: string }
  | { kind: 'job.complete'; jobId: string }
  | { kind: 'job.assign'; jobId: string; mechanicId: string }
  | { kind: 'job.unassign'; jobId: string; mechanicId: string }
  /** Closes the `parts` wait of the job (or of every job of the order waiting for parts). */
  | { kind: 'parts.issued'; jobId?: string; orderId?: string }
  /** Closes the `approval` wait of the job (or of every job of the order waiting for approval). */
  | { kind: 'approval.decided'; jobId?: string; orderId?: string; decision: 'approved' | 'declined' }
  | { kind: 'break.start'; mechanicId: string }
  | { kind: 'break.end'; mechanicId: string }
  | { kind: 'placement.placed'; orderId: string; liftId: string }
  | { kind: 'placement.removed'; orderId: string }
  /** The car is on site (checked in); `plannedLiftId` is the lift it is booked on. */
  | { kind: 'order.arrived'; orderId: string; plannedLiftId?: string | null }
  | { kind: 'order.lift_planned'; orderId: string; liftId: string | null }
  | { kind: 'order.departed'; orderId: string }
  /**
   * Closes M's session at `closeAt`. With `sessionOpenedAt` it targets that session and also keeps it
   * from auto-closing before `closeAt` (a forgotten tap-out after overtime).
   */
  | {
      kind: 'correction.close_session';
      mechanicId: string;
      closeAt: Instant;
      sessionOpenedAt?: Instant;
      reason: string;
      by?: string;
    }
  /**
   * Moves M's productive time from one job to another: either `seconds` on the local `date`, or every
   * productive second on `fromJobId` inside [`from`, `to`).
   */
  | {
      kind: 'correction.move_time';
      mechanicId: string;
      fromJobId: string;
      toJobId: string;
      reason: string;
      by?: string;
      seconds?: number;
      date?: LocalDate;
      from?: Instant;
      to?: Instant;
    };

export type LabourEvent = EventBase & EventPayload;
export type EventKind = EventPayload['kind'];
export type EventOf<K extends EventKind> = LabourEvent & { kind: K };

/** How an output row points back at the event that caused it. */
export interface EventRef {
  source: string;
  seq: number;
  at: Instant;
}

// ---------------------------------------------------------------------------------------------------
// Derived output.
// ---------------------------------------------------------------------------------------------------

export type IntervalKind =
  'productive' | `waiting:${WaitReason}` | 'unassigned' | 'idle' | 'break' | 'absent';

/** A stretch of one mechanic's time; intervals of one mechanic never overlap. */
export interface MechanicInterval {
  mechanicId: string;
  from: Instant;
  to: Instant;
  kind: IntervalKind;
  /** The lift of the session (productive, waiting at a lift, unassigned); null elsewhere. */
  liftId: string | null;
  /** productive: the jobs the time is split equally among; waiting: the one job waited on. */
  jobIds: string[];
}

export type SessionCloseReason =
  'tap' | 'other_lift' | 'clock_out' | 'break' | 'bay_free' | 'auto' | 'correction';
/** Which limit an automatic close hit. */
export type AutoCloseRule = 'shift_end' | 'station_day_end' | 'day_end' | 'session_cap';

export interface LiftSession {
  mechanicId: string;
  liftId: string;
  openedAt: Instant;
  openedBy: EventRef;
  /** null while still open at the horizon of a live derivation. */
  closedAt: Instant | null;
  closedBy: SessionCloseReason | null;
  autoRule: AutoCloseRule | null;
  /** The correction that closed or extended it. */
  correction: (EventRef & { reason: string }) | null;
}

export interface PresencePeriod {
  mechanicId: string;
  from: Instant;
  to: Instant | null;
  openedBy: 'entrance' | 'lift_tap';
  closedBy: 'entrance' | 'auto' | null;
  autoRule: AutoCloseRule | null;
}

export interface BreakPeriod {
  mechanicId: string;
  from: Instant;
  to: Instant | null;
  closedBy: 'break_end' | 'clock_out' | 'lift_tap' | 'auto' | null;
}

export type TapAction = 'clock_in' | 'clock_out' | 'session_open' | 'session_close' | 'session_switch';

/** What an accepted tap did (the kiosk's "Ivanov — started"). */
export interface TapOutcome extends EventRef {
  mechanicId: string;
  liftId: string | null;
  action: TapAction;
  /** The tap also clocked the mechanic in (first lift tap) or ended a break. */
  clockedIn: boolean;
  endedBreak: boolean;
}

export type TapRejection = 'unknown_badge' | 'unbound_reader' | 'duplicate';

export interface RejectedTap extends EventRef {
  bridgeId: string;
  readerId: string;
  uid: string;
  mechanicId: string | null;
  reason: TapRejection;
}

/** An event that was valid but changed nothing, and why (for the foreman and for debugging scenarios). */
export interface IgnoredEvent extends EventRef {
  kind: EventKind;
  reason: string;
}

export type LiftIntervalKind = 'occupied' | 'worked' | 'untracked';

export interface LiftInterval {
  liftId: string;
  from: Instant;
  to: Instant;
  kind: LiftIntervalKind;
}

export type WaitSeconds = Record<WaitReason, number>;

/**
 * Productive time per job is kept in exact fractions of a second: a second split among k jobs gives each
 * PRODUCTIVE_UNITS / k units, exact for k ≤ 12. Totals are rounded once, per period (largest remainder).
 */
export const PRODUCTIVE_UNITS = 27_720;

export interface MechanicDayTotals {
  scheduledSeconds: number;
  presentSeconds: number;
  /** Scheduled (shift) time the mechanic was not present. */
  absentSeconds: number;
  breakSeconds: number;
  availableSeconds: number;
  productiveSeconds: number;
  waitingSeconds: WaitSeconds;
  unassignedSeconds: number;
  idleSeconds: number;
  /** jobId → productive time in PRODUCTIVE_UNITS (after move-time corrections). */
  jobProductiveUnits: Record<string, number>;
  /** jobId → this mechanic's waiting time on the job by reason. */
  jobWaitingSeconds: Record<string, Partial<WaitSeconds>>;
}

/** What a mechanic-day's figures depended on: the server re-derives it when any of these change. */
export interface MechanicDayExposure {
  mechanicId: string;
  date: LocalDate;
  /** Lifts of the day's sessions and lifts whose occupancy decided waiting:lift. */
  lifts: string[];
  /** Orders on those lifts during the sessions and orders of jobs assigned to the mechanic. */
  orders: string[];
}

export interface MechanicDay {
  mechanicId: string;
  date: LocalDate;
  intervals: MechanicInterval[];
  sessions: LiftSession[];
  presence: PresencePeriod[];
  breaks: BreakPeriod[];
  taps: TapOutcome[];
  ignored: IgnoredEvent[];
  totals: MechanicDayTotals;
  exposure: MechanicDayExposure;
}

export interface LiftDay {
  liftId: string;
  date: LocalDate;
  intervals: LiftInterval[];
  openSeconds: number;
  occupiedSeconds: number;
  workedSeconds: number;
  untrackedSeconds: number;
  /** Orders placed on the lift at some point of the day. */
  orders: string[];
}

export type JobStateName = 'planned' | 'in_progress' | 'waiting' | 'done' | 'declined';

export interface JobStateChange {
  at: Instant;
  state: JobStateName;
  waitReason: WaitReason | null;
  /** The event, or the tap that auto-started the job. */
  cause: EventRef;
  autoStarted: boolean;
}

export interface JobTrack {
  jobId: string;
  orderId: string;
  normSeconds: number;
  /** State changes with effective time up to the horizon, oldest first. */
  history: JobStateChange[];
  completedAt: Instant | null;
  /** date → the job's own time in each wait state on that local day (elapsed, not labour). */
  waitElapsedByDate: Record<LocalDate, Partial<WaitSeconds>>;
}

export interface StationDayLog {
  date: LocalDate;
  rejectedTaps: RejectedTap[];
  /** World events (jobs, sensors, placements) that changed nothing. */
  ignored: IgnoredEvent[];
}

export interface Derivation {
  timeZone: string;
  from: LocalDate;
  to: LocalDate;
  /** Nothing at or after this instant was considered (end of `to`, or the live `until`). */
  horizon: Instant;
  mechanicDays: MechanicDay[];
  liftDays: LiftDay[];
  jobs: JobTrack[];
  stationDays: StationDayLog[];
}

/**
 * The shop floor's live state and the labour figures, as the board, the lift kiosk and the desk see them
 * (shared/design/LABOUR.md). Instants are ISO strings in UTC; durations are whole seconds.
 */

export const WAIT_REASON_CODES = ['parts', 'approval', 'tool', 'lift', 'other'] as const;
export type WaitReasonCode = (typeof WAIT_REASON_CODES)[number];

export type LabourKind =
  'productive' | `waiting:${WaitReasonCode}` | 'unassigned' | 'idle' | 'break' | 'absent';

export type FloorJobState = 'planned' | 'in_progress' | 'waiting' | 'done' | 'declined';

export interface FloorJobDto {
  /** The labour line of the repair order. */
  jobId: string;
  name: string | null;
  state: FloorJobState;
  waitReason: WaitReasonCode | null;
  waitingSince: string | null;
  /** The mechanics assigned (staff ids) with their names. */
  assignees: Array<{ staffId: string; name: string }>;
  productiveSeconds: number;
  normSeconds: number;
  overNorm: boolean;
}

export interface FloorMechanicAtLiftDto {
  staffId: string;
  name: string;
  /** When the session at this lift opened. */
  since: string;
  kind: LabourKind;
  jobIds: string[];
}

export interface FloorLiftDto {
  liftId: string;
  code: string;
  name: string;
  status: 'working' | 'out_of_order';
  /** The repair order placed on the lift, if any. */
  order: {
    id: string;
    number: string;
    vehicle: string;
    plate: string | null;
    status: string;
  } | null;
  raised: boolean;
  bayOccupied: boolean;
  mechanics: FloorMechanicAtLiftDto[];
  jobs: FloorJobDto[];
  /** The lift is up with nobody in session: since when. */
  untrackedSince: string | null;
  /** Any bridge with a device bound to this lift is offline. */
  bridgeOffline: boolean;
}

export interface FloorMechanicDto {
  staffId: string;
  name: string;
  state: 'absent' | 'present' | 'break' | 'session';
  liftId: string | null;
  kind: LabourKind | null;
  since: string | null;
}

export interface FloorWaitDto {
  jobId: string;
  orderId: string;
  liftId: string | null;
  reason: WaitReasonCode;
  since: string;
}

/** The whole floor: the board's and the desk's live view. Ages are computed by the client from `at`. */
export interface FloorStateDto {
  at: string;
  /** The station's local date (YYYY-MM-DD). */
  date: string;
  lifts: FloorLiftDto[];
  mechanics: FloorMechanicDto[];
  openWaits: FloorWaitDto[];
  /** Sessions closed automatically today, waiting for the foreman's review. */
  autoClosedToday: number;
}

/** What the lift kiosk shows: its lift's part of the floor, and who may act there. */
export interface LiftFloorDto {
  at: string;
  lift: FloorLiftDto;
  /** Mechanics present at the station (for "who are you" on the kiosk), with their state. */
  mechanics: FloorMechanicDto[];
}

/** Answer to a tap, shown on the kiosk and sent to the reader as feedback. */
export interface TapOutcomeDto {
  ok: boolean;
  /** opened / closed / moved / duplicate / unknown_badge / unbound_reader / clocked_in / clocked_out */
  outcome: string;
  staffId: string | null;
  name: string | null;
  liftId: string | null;
  at: string;
}

export interface TimeFiguresDto {
  presentSeconds: number;
  breakSeconds: number;
  availableSeconds: number;
  productiveSeconds: number;
  waitingSeconds: Record<WaitReasonCode, number>;
  unassignedSeconds: number;
  idleSeconds: number;
  billedSeconds: number;
  /** billed / productive; null when productive is 0. */
  efficiency: number | null;
  /** productive / available. */
  productivity: number | null;
  /** billed / available. */
  proficiency: number | null;
}

export interface MechanicFiguresDto extends TimeFiguresDto {
  staffId: string;
  name: string;
}

export interface JobFiguresDto {
  jobId: string;
  orderId: string;
  name: string | null;
  normSeconds: number;
  productiveSeconds: number;
  productiveByMechanic: Array<{ staffId: string; name: string; seconds: number }>;
  waitingSeconds: Record<WaitReasonCode, number>;
}

export interface LiftFiguresDto {
  liftId: string;
  name: string;
  occupiedSeconds: number;
  workedSeconds: number;
  untrackedSeconds: number;
  openSeconds: number;
  utilisation: number | null;
}

export interface ReviewItemDto {
  id: string;
  kind: 'auto_closed' | 'suspicious';
  staffId: string;
  name: string;
  liftId: string | null;
  openedAt: string;
  closedAt: string | null;
  reason: string;
}

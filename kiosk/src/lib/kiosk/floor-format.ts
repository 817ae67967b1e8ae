// Pure helpers of the shop-floor screens (board, lift kiosk, desk). Relative imports only, so the unit
// tests and the root tsc resolve them too.
import type {
  FloorJobDto,
  FloorLiftDto,
  FloorMechanicDto,
  FloorStateDto,
  LiftFloorDto,
  WaitReasonCode,
} from '../../../../server/src/contracts/labour.ts';

/** Whole seconds from an ISO instant to `nowMs` (never negative; null/invalid → 0). */
export function secondsSince(iso: string | null | undefined, nowMs: number): number {
  if (!iso) return 0;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.floor((nowMs - at) / 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A ticking duration, language-neutral: "0:42", "12:05", "1:02:03", "26:00:00". */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** A total for reports: hours and minutes, "0:00", "7:30", "152:05". */
export function formatHoursMinutes(totalSeconds: number): string {
  const minutesTotal = Math.round(Math.max(0, totalSeconds) / 60);
  return `${Math.floor(minutesTotal / 60)}:${pad(minutesTotal % 60)}`;
}

/** A ratio as a percentage, "—" when there is none (nothing to divide by). */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)}%`;
}

/**
 * The difference between the server's clock and this screen's, from a state stamped `at` by the
 * server and received at `receivedMs`: ages shown on screen are measured on the server's clock.
 * Differences under a second are noise and ignored.
 */
export function clockSkewMs(serverAt: string | null | undefined, receivedMs: number): number {
  if (!serverAt) return 0;
  const at = Date.parse(serverAt);
  if (Number.isNaN(at)) return 0;
  const skew = at - receivedMs;
  return Math.abs(skew) < 1000 ? 0 : skew;
}

/** The job a wait belongs to, and its lift, looked up on the floor (for the board's waits strip). */
export function findJob(
  floor: FloorStateDto,
  jobId: string,
): { job: FloorJobDto; lift: FloorLiftDto } | null {
  for (const lift of floor.lifts) {
    const job = lift.jobs.find((j) => j.jobId === jobId);
    if (job) return { job, lift };
  }
  return null;
}

/** Open waits, oldest first. */
export function waitsOldestFirst<T extends { since: string }>(waits: readonly T[]): T[] {
  return [...waits].sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
}

const STATE_ORDER: Record<FloorMechanicDto['state'], number> = {
  session: 0,
  present: 1,
  break: 2,
  absent: 3,
};

/** The mechanics' strip: at a lift first, then present, on break, absent; by name within each. */
export function mechanicsForStrip(mechanics: readonly FloorMechanicDto[]): FloorMechanicDto[] {
  return [...mechanics].sort(
    (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name),
  );
}

/** What a job allows from the lift kiosk, given its state. */
export type JobAction = 'start' | 'resume' | 'complete' | 'pause' | 'request-parts';

export function jobActions(job: Pick<FloorJobDto, 'state'> | null | undefined): JobAction[] {
  switch (job?.state) {
    case 'planned':
      return ['start'];
    case 'in_progress':
      return ['pause', 'request-parts', 'complete'];
    case 'waiting':
      return ['resume', 'complete'];
    default:
      return [];
  }
}

/**
 * Who acts on the kiosk: the chosen mechanic if still in session at this lift, else the last one who
 * tapped in here, else the only one in session; null when nobody is (tap your badge first).
 */
export function defaultActor(
  floor: Pick<LiftFloorDto, 'lift'> | null | undefined,
  chosen: string | null,
  lastTapped: string | null,
): string | null {
  const inSession = floor?.lift.mechanics.map((m) => m.staffId) ?? [];
  if (chosen && inSession.includes(chosen)) return chosen;
  if (lastTapped && inSession.includes(lastTapped)) return lastTapped;
  return inSession.length > 0 ? (inSession[inSession.length - 1] ?? null) : null;
}

/**
 * The job the kiosk's buttons act on: the chosen one while it is still open, else the actor's job in
 * progress, else the actor's waiting or planned job, else the order's first open job.
 */
export function defaultJob(
  jobs: readonly FloorJobDto[],
  chosen: string | null,
  actor: string | null,
): FloorJobDto | null {
  const open = jobs.filter((j) => j.state !== 'done' && j.state !== 'declined');
  const found = open.find((j) => j.jobId === chosen);
  if (found) return found;
  const mine = actor ? open.filter((j) => j.assignees.some((a) => a.staffId === actor)) : [];
  for (const pool of [mine, open]) {
    const pick =
      pool.find((j) => j.state === 'in_progress') ??
      pool.find((j) => j.state === 'waiting') ??
      pool.find((j) => j.state === 'planned');
    if (pick) return pick;
  }
  return null;
}

/** Of two copies of the same lift's floor (the live room's and an action's answer), the newer. */
export function newerFloor<T extends { at: string }>(
  a: T | null | undefined,
  b: T | null | undefined,
): T | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(b.at) > Date.parse(a.at) ? b : a;
}

export const WAIT_REASONS: readonly WaitReasonCode[] = ['parts', 'approval', 'tool', 'lift', 'other'];

/** Bars of a chart: each value's share of the largest (0..1), safe for all-zero series. */
export function barShares(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? Math.max(0, v) / max : 0));
}

/** Two YYYY-MM-DD dates making a period (the first not after the second). */
export function isDateRange(from: string, to: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
}

/**
 * A job's net labour now: its figure as of the floor's `at`, plus the time since, shared among the jobs
 * of each mechanic working on it (the equal split of LABOUR.md), so it ticks on screen between updates.
 */
export function liveProductiveSeconds(
  lift: Pick<FloorLiftDto, 'mechanics'>,
  job: Pick<FloorJobDto, 'jobId' | 'productiveSeconds' | 'state'>,
  elapsedSeconds: number,
): number {
  if (job.state !== 'in_progress' || elapsedSeconds <= 0) return job.productiveSeconds;
  let extra = 0;
  for (const mechanic of lift.mechanics) {
    if (mechanic.kind !== 'productive' || !mechanic.jobIds.includes(job.jobId)) continue;
    extra += elapsedSeconds / mechanic.jobIds.length;
  }
  return job.productiveSeconds + Math.floor(extra);
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (the station's), `days` later. */
export function localDate(at: Date, timeZone: string | undefined, days = 0): string {
  const shifted = new Date(at.getTime() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(shifted);
}

/** An ISO instant as the value of a `datetime-local` input, in this computer's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (this computer's time zone) as an ISO instant; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

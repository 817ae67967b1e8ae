import type { AttendanceState } from './attendance.ts';
import type { Instant, IntervalKind } from './types.ts';
import type { JobState, World } from './world.ts';

/** What one mechanic's time counts as at an instant (LABOUR.md "What M's time at the lift counts as"). */
export interface Classification {
  kind: IntervalKind;
  liftId: string | null;
  jobIds: string[];
}

/** A move-time correction over an interval: productive time on `fromJobId` counts for `toJobId`. */
export interface JobRemap {
  from: Instant;
  to: Instant;
  fromJobId: string;
  toJobId: string;
}

/** What the classification looked at, for the impact index. */
export interface Exposure {
  lifts: Set<string>;
  orders: Set<string>;
}

// Shared, so frozen: these two are the most frequent classifications and need no allocation.
const NO_JOBS = Object.freeze([]) as unknown as string[];
const BREAK: Classification = Object.freeze({ kind: 'break', liftId: null, jobIds: NO_JOBS });
const IDLE: Classification = Object.freeze({ kind: 'idle', liftId: null, jobIds: NO_JOBS });

const byWaitAge = (a: { since: Instant; id: string }, b: { since: Instant; id: string }) =>
  a.since - b.since || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function classify(
  world: World,
  mechanicId: string,
  attendance: AttendanceState,
  at: Instant,
  remaps: readonly JobRemap[],
  exposure: Exposure | null,
): Classification | null {
  switch (attendance.kind) {
    case 'absent':
      return null;
    case 'break':
      return BREAK;
    case 'session':
      return atLift(world, mechanicId, attendance.liftId, at, remaps, exposure);
    case 'present':
      return awayFromLifts(world, mechanicId, exposure);
  }
}

function atLift(
  world: World,
  mechanicId: string,
  liftId: string,
  at: Instant,
  remaps: readonly JobRemap[],
  exposure: Exposure | null,
): Classification {
  exposure?.lifts.add(liftId);
  const orderId = world.lifts.get(liftId)?.orderId ?? null;
  const unassigned: Classification = { kind: 'unassigned', liftId, jobIds: [] };
  if (!orderId) return unassigned;
  exposure?.orders.add(orderId);

  const jobs = world.orderJobs(orderId);
  const mine = jobs.filter((j) => j.assignees.has(mechanicId) && j.state !== 'done');
  // Assigned to nothing open here: M helps with whatever is in progress on the order.
  const worksOn = mine.length > 0 ? mine : jobs.filter((j) => j.state === 'in_progress');

  const inProgress = worksOn.filter((j) => j.state === 'in_progress').map((j) => j.id);
  if (inProgress.length > 0) return { kind: 'productive', liftId, jobIds: remap(inProgress, at, remaps) };

  const waits = worksOn
    .filter((j): j is JobState & { waitSince: number } => j.state === 'waiting' && j.waitSince !== null)
    .map((j) => ({ since: j.waitSince, id: j.id, reason: j.waitReason! }))
    .sort(byWaitAge);
  const first = waits[0];
  if (first) return { kind: `waiting:${first.reason}`, liftId, jobIds: [first.id] };
  return unassigned;
}

/**
 * Present outside a lift: idle, unless one of M's jobs whose car is on site waits for a lift — paused with
 * reason `lift`, or not on a lift while its planned lift holds another order.
 */
function awayFromLifts(world: World, mechanicId: string, exposure: Exposure | null): Classification {
  const candidates: { since: Instant; id: string }[] = [];
  for (const jobId of world.onSiteJobsOf.get(mechanicId) ?? []) {
    const job = world.jobs.get(jobId)!;
    if (job.state === 'waiting' && job.waitReason === 'lift' && job.waitSince !== null) {
      candidates.push({ since: job.waitSince, id: job.id });
      continue;
    }
    const order = world.orders.get(job.orderId);
    if (!order?.onSite || order.liftId || !order.plannedLiftId || order.arrivedAt === null) continue;
    exposure?.lifts.add(order.plannedLiftId);
    const occupant = world.lifts.get(order.plannedLiftId)?.orderId ?? null;
    if (occupant && occupant !== job.orderId) candidates.push({ since: order.arrivedAt, id: job.id });
  }
  if (candidates.length === 0) return IDLE;
  candidates.sort(byWaitAge);
  return { kind: 'waiting:lift', liftId: null, jobIds: [candidates[0]!.id] };
}

/** The orders of M's open jobs: what the day's classification may have depended on through assignments. */
export function noteAssignedOrders(world: World, mechanicId: string, exposure: Exposure): void {
  for (const jobId of world.openJobsOf.get(mechanicId) ?? [])
    exposure.orders.add(world.jobs.get(jobId)!.orderId);
}

function remap(jobIds: string[], at: Instant, remaps: readonly JobRemap[]): string[] {
  let ids = jobIds;
  for (const r of remaps) {
    if (at < r.from || at >= r.to) continue;
    ids = ids.map((id) => (id === r.fromJobId ? r.toJobId : id));
  }
  return [...new Set(ids)].sort();
}

export function sameClassification(a: Classification | null, b: Classification | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.kind === b.kind &&
    a.liftId === b.liftId &&
    a.jobIds.length === b.jobIds.length &&
    a.jobIds.every((id, i) => id === b.jobIds[i])
  );
}

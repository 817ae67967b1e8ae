import type { StationContext } from './station-context.ts';
import type {
  EventRef,
  Instant,
  JobStateChange,
  JobStateName,
  LabourEvent,
  SensorKind,
  WaitReason,
} from './types.ts';

/**
 * The shop's state that a mechanic's time is judged against: which order is on which lift, which cars are
 * on site, each job's state and assignees, and the lift and bay sensors. Changed by job actions, parts and
 * approval events, placements, sensors — and by a tap that opens a session, which starts the tapping
 * mechanic's planned jobs on that lift.
 */

export interface JobState {
  id: string;
  orderId: string;
  state: JobStateName;
  waitReason: WaitReason | null;
  waitSince: Instant | null;
  /** The state a closed wait returns to: a job paused while planned goes back to planned. */
  resumeTo: 'planned' | 'in_progress' | null;
  assignees: Set<string>;
  completedAt: Instant | null;
}

export interface OrderState {
  onSite: boolean;
  arrivedAt: Instant | null;
  plannedLiftId: string | null;
  liftId: string | null;
}

export interface LiftState {
  orderId: string | null;
  raised: boolean;
  bayOccupied: boolean;
}

/** A world event, or the job start implied by a session-opening tap. */
export type WorldStep =
  | { type: 'event'; event: LabourEvent; sensor?: { liftId: string; kind: SensorKind } }
  | { type: 'auto_start'; ref: EventRef; mechanicId: string; liftId: string };

export interface WorldEffect {
  /** Jobs whose state or assignees changed. */
  jobs: JobState[];
  /** Mechanics whose assignments changed. */
  mechanics: string[];
  /** A placement or an order's on-site / planned lift changed: anyone's waiting:lift may change. */
  layout: boolean;
  /** Lifts whose order changed. */
  layoutLifts: string[];
  /** The lift whose sensors changed. */
  sensorLift: string | null;
  ignored: string | null;
}

/** A serialisable picture of the world at an instant, to start a later derivation from. */
export interface WorldSnapshot {
  at: Instant;
  jobs: {
    id: string;
    state: JobStateName;
    waitReason: WaitReason | null;
    waitSince: Instant | null;
    resumeTo: 'planned' | 'in_progress' | null;
    assignees: string[];
    completedAt: Instant | null;
  }[];
  orders: {
    id: string;
    onSite: boolean;
    arrivedAt: Instant | null;
    plannedLiftId: string | null;
    liftId: string | null;
  }[];
  lifts: { id: string; orderId: string | null; raised: boolean; bayOccupied: boolean }[];
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

const NONE: never[] = [];

/** An effect with only the given parts (built field by field: this runs once per world step). */
function effect(parts: Partial<WorldEffect>): WorldEffect {
  return {
    jobs: parts.jobs ?? NONE,
    mechanics: parts.mechanics ?? NONE,
    layout: parts.layout ?? false,
    layoutLifts: parts.layoutLifts ?? NONE,
    sensorLift: parts.sensorLift ?? null,
    ignored: parts.ignored ?? null,
  };
}

const noEffect = (): WorldEffect => effect({});

export class World {
  readonly jobs = new Map<string, JobState>();
  readonly orders = new Map<string, OrderState>();
  readonly lifts = new Map<string, LiftState>();
  /** mechanicId → the open (not done, not declined) jobs assigned to the mechanic. */
  readonly openJobsOf = new Map<string, Set<string>>();
  /** mechanicId → those of its open jobs whose car is on site (what waiting:lift looks at). */
  readonly onSiteJobsOf = new Map<string, Set<string>>();
  /** Every job state change, oldest first, per job. */
  readonly history = new Map<string, JobStateChange[]>();

  constructor(
    private readonly ctx: StationContext,
    snapshot?: WorldSnapshot,
  ) {
    for (const liftId of ctx.liftIds)
      this.lifts.set(liftId, { orderId: null, raised: false, bayOccupied: false });
    for (const [orderId] of ctx.orderJobs) {
      this.orders.set(orderId, { onSite: false, arrivedAt: null, plannedLiftId: null, liftId: null });
    }
    for (const job of ctx.jobs.values()) {
      const state: JobState = {
        id: job.id,
        orderId: job.orderId,
        state: job.declined ? 'declined' : 'planned',
        waitReason: null,
        waitSince: null,
        resumeTo: null,
        assignees: new Set(job.assignees ?? []),
        completedAt: null,
      };
      this.jobs.set(job.id, state);
      this.history.set(job.id, []);
    }
    if (snapshot) this.restore(snapshot);
    for (const job of this.jobs.values()) for (const m of job.assignees) this.addOpenJob(m, job);
  }

  private restore(s: WorldSnapshot): void {
    for (const j of s.jobs) {
      const job = this.jobs.get(j.id);
      if (!job) continue;
      Object.assign(job, { ...j, assignees: new Set(j.assignees) });
    }
    for (const o of s.orders) if (this.orders.has(o.id)) this.orders.set(o.id, { ...o });
    for (const l of s.lifts) if (this.lifts.has(l.id)) this.lifts.set(l.id, { ...l });
  }

  snapshot(at: Instant): WorldSnapshot {
    return {
      at,
      jobs: [...this.jobs.values()]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((j) => ({ ...j, assignees: [...j.assignees].sort() })),
      orders: [...this.orders.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([id, o]) => ({ id, ...o })),
      lifts: [...this.lifts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, l]) => ({ id, ...l })),
    };
  }

  /** The jobs of the order that count: not declined. */
  orderJobs(orderId: string): JobState[] {
    const jobs = this.ctx.orderJobs.get(orderId) ?? [];
    const out: JobState[] = [];
    for (const j of jobs) {
      const s = this.jobs.get(j.id)!;
      if (s.state !== 'declined') out.push(s);
    }
    return out;
  }

  apply(step: WorldStep): WorldEffect {
    if (step.type === 'auto_start') return this.autoStart(step);
    const e = step.event;
    switch (e.kind) {
      case 'lift.sensor':
      case 'bay.sensor':
        return this.sensor(e, step.sensor);
      case 'job.start':
      case 'job.resume':
        return this.withJob(e, e.jobId, (job) => {
          if (job.state === 'in_progress') return 'already_in_progress';
          if (job.state === 'done' || job.state === 'declined') return 'job_closed';
          this.setState(job, 'in_progress', null, e, false);
          return null;
        });
      case 'job.pause':
        return this.withJob(e, e.jobId, (job) => {
          if (job.state === 'done' || job.state === 'declined') return 'job_closed';
          if (job.state === 'waiting' && job.waitReason === e.reason) return 'already_waiting';
          const resumeTo =
            job.state === 'waiting' ? job.resumeTo : job.state === 'planned' ? 'planned' : 'in_progress';
          this.setState(job, 'waiting', e.reason, e, false);
          job.resumeTo = resumeTo;
          return null;
        });
      case 'job.complete':
        return this.withJob(e, e.jobId, (job) => {
          if (job.state === 'done' || job.state === 'declined') return 'job_closed';
          this.setState(job, 'done', null, e, false);
          job.completedAt = e.at;
          return null;
        });
      case 'job.assign':
      case 'job.unassign':
        return this.assignment(e);
      case 'parts.issued':
        return this.closeWaits(e, 'parts', e.jobId, e.orderId, () => null);
      case 'approval.decided':
        return this.closeWaits(e, 'approval', e.jobId, e.orderId, (job) =>
          // The line that waited for approval before it ever started is the extra work itself.
          e.decision === 'declined' && job.resumeTo === 'planned' ? 'declined' : null,
        );
      case 'placement.placed':
        return this.place(e.orderId, e.liftId, e);
      case 'placement.removed':
        return this.unplace(e.orderId, e);
      case 'order.arrived':
      case 'order.lift_planned':
      case 'order.departed':
        return this.orderOnSite(e);
      default:
        return effect({ ignored: 'not_a_world_event' });
    }
  }

  private setState(
    job: JobState,
    state: JobStateName,
    reason: WaitReason | null,
    cause: EventRef,
    auto: boolean,
  ): void {
    job.state = state;
    job.waitReason = reason;
    job.waitSince = state === 'waiting' ? cause.at : null;
    if (state !== 'waiting') job.resumeTo = null;
    if (state === 'done' || state === 'declined') for (const m of job.assignees) this.dropJob(m, job.id);
    this.history.get(job.id)!.push({
      at: cause.at,
      state,
      waitReason: reason,
      cause: { source: cause.source, seq: cause.seq, at: cause.at },
      autoStarted: auto,
    });
  }

  private withJob(e: LabourEvent, jobId: string, change: (job: JobState) => string | null): WorldEffect {
    const job = this.jobs.get(jobId);
    if (!job) return effect({ ignored: 'unknown_job' });
    const ignored = change(job);
    return ignored ? effect({ ignored }) : effect({ jobs: [job] });
  }

  private autoStart(step: Extract<WorldStep, { type: 'auto_start' }>): WorldEffect {
    const orderId = this.lifts.get(step.liftId)?.orderId;
    if (!orderId) return noEffect();
    const started: JobState[] = [];
    for (const job of this.orderJobs(orderId)) {
      if (job.state === 'planned' && job.assignees.has(step.mechanicId)) {
        this.setState(job, 'in_progress', null, step.ref, true);
        started.push(job);
      }
    }
    return effect({ jobs: started });
  }

  private assignment(e: Extract<LabourEvent, { kind: 'job.assign' | 'job.unassign' }>): WorldEffect {
    const job = this.jobs.get(e.jobId);
    if (!job) return effect({ ignored: 'unknown_job' });
    if (!this.ctx.mechanics.has(e.mechanicId)) return effect({ ignored: 'unknown_mechanic' });
    if (e.kind === 'job.assign') {
      if (job.assignees.has(e.mechanicId)) return effect({ ignored: 'already_assigned' });
      job.assignees.add(e.mechanicId);
      this.addOpenJob(e.mechanicId, job);
    } else {
      if (!job.assignees.delete(e.mechanicId)) return effect({ ignored: 'not_assigned' });
      this.dropJob(e.mechanicId, job.id);
    }
    return effect({ jobs: [job], mechanics: [e.mechanicId] });
  }

  private addOpenJob(mechanicId: string, job: JobState): void {
    if (job.state === 'done' || job.state === 'declined') return;
    addTo(this.openJobsOf, mechanicId, job.id);
    if (this.orders.get(job.orderId)?.onSite) addTo(this.onSiteJobsOf, mechanicId, job.id);
  }

  private dropJob(mechanicId: string, jobId: string): void {
    this.openJobsOf.get(mechanicId)?.delete(jobId);
    this.onSiteJobsOf.get(mechanicId)?.delete(jobId);
  }

  /** Keeps onSiteJobsOf in step with an order's arrival or departure. */
  private setOnSite(orderId: string, order: OrderState, onSite: boolean, at: Instant | null): void {
    if (order.onSite === onSite) return;
    order.onSite = onSite;
    order.arrivedAt = at;
    for (const job of this.orderJobs(orderId)) {
      if (job.state === 'done') continue;
      for (const m of job.assignees) {
        if (onSite) addTo(this.onSiteJobsOf, m, job.id);
        else this.onSiteJobsOf.get(m)?.delete(job.id);
      }
    }
  }

  private closeWaits(
    e: LabourEvent,
    reason: WaitReason,
    jobId: string | undefined,
    orderId: string | undefined,
    closedState: (job: JobState) => 'declined' | null,
  ): WorldEffect {
    let targets: JobState[];
    if (jobId !== undefined) {
      const job = this.jobs.get(jobId);
      if (!job) return effect({ ignored: 'unknown_job' });
      targets = [job];
    } else {
      if (!orderId || !this.orders.has(orderId)) return effect({ ignored: 'unknown_order' });
      targets = this.orderJobs(orderId);
    }
    const closed = targets.filter((j) => j.state === 'waiting' && j.waitReason === reason);
    if (closed.length === 0) return effect({ ignored: `no_${reason}_wait` });
    for (const job of closed)
      this.setState(job, closedState(job) ?? job.resumeTo ?? 'in_progress', null, e, false);
    return effect({ jobs: closed });
  }

  private place(orderId: string, liftId: string, e: LabourEvent): WorldEffect {
    const order = this.orders.get(orderId);
    const lift = this.lifts.get(liftId);
    if (!order) return effect({ ignored: 'unknown_order' });
    if (!lift) return effect({ ignored: 'unknown_lift' });
    if (order.liftId === liftId) return effect({ ignored: 'already_placed' });
    const layoutLifts = [liftId];
    if (order.liftId) {
      this.lifts.get(order.liftId)!.orderId = null;
      layoutLifts.push(order.liftId);
    }
    if (lift.orderId) this.orders.get(lift.orderId)!.liftId = null;
    lift.orderId = orderId;
    order.liftId = liftId;
    // A car put on a lift is on site, whether or not its arrival was recorded.
    this.setOnSite(orderId, order, true, order.onSite ? order.arrivedAt : e.at);
    return effect({ layout: true, layoutLifts });
  }

  private unplace(orderId: string, _e: LabourEvent): WorldEffect {
    const order = this.orders.get(orderId);
    if (!order) return effect({ ignored: 'unknown_order' });
    if (!order.liftId) return effect({ ignored: 'not_placed' });
    const liftId = order.liftId;
    this.lifts.get(liftId)!.orderId = null;
    order.liftId = null;
    return effect({ layout: true, layoutLifts: [liftId] });
  }

  private orderOnSite(
    e: Extract<LabourEvent, { kind: 'order.arrived' | 'order.lift_planned' | 'order.departed' }>,
  ): WorldEffect {
    const order = this.orders.get(e.orderId);
    if (!order) return effect({ ignored: 'unknown_order' });
    const layoutLifts: string[] = [];
    if (e.kind === 'order.arrived') {
      this.setOnSite(e.orderId, order, true, order.onSite ? order.arrivedAt : e.at);
      if (e.plannedLiftId !== undefined) order.plannedLiftId = e.plannedLiftId;
    } else if (e.kind === 'order.lift_planned') {
      order.plannedLiftId = e.liftId;
    } else {
      if (order.liftId) {
        this.lifts.get(order.liftId)!.orderId = null;
        layoutLifts.push(order.liftId);
        order.liftId = null;
      }
      this.setOnSite(e.orderId, order, false, null);
    }
    return effect({ layout: true, layoutLifts });
  }

  private sensor(
    e: Extract<LabourEvent, { kind: 'lift.sensor' | 'bay.sensor' }>,
    binding: { liftId: string; kind: SensorKind } | undefined,
  ): WorldEffect {
    if (!binding) return effect({ ignored: 'unbound_sensor' });
    const expected: SensorKind = e.kind === 'lift.sensor' ? 'lift' : 'bay';
    if (binding.kind !== expected) return effect({ ignored: 'sensor_kind_mismatch' });
    const lift = this.lifts.get(binding.liftId);
    if (!lift) return effect({ ignored: 'unknown_lift' });
    if (e.kind === 'lift.sensor') lift.raised = e.state === 'raised';
    else lift.bayOccupied = e.state === 'occupied';
    return effect({ sensorLift: binding.liftId });
  }
}

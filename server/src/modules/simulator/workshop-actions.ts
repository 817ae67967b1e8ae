import { QueryTypes, type Sequelize } from 'sequelize';
import type { Role } from '../../contracts/roles.ts';
import type { AppDeps } from '../../deps.ts';
import type { Actor, CommandContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { placeOnLift, removeFromLift } from '../scheduler/index.ts';
import { cancelPartsRequest, createPartsRequest, issuePartsRequest } from '../warehouse/index.ts';
import {
  addJob,
  applyCannedJob,
  assignMechanic,
  completeJob,
  createOrder,
  decideLines,
  pauseJob,
  recordPayment,
  resumeJob,
  startJob,
  transitionOrder,
} from '../workshop/index.ts';
import type { Rng } from './rules/random.ts';
import type { WaitReason } from './rules/types.ts';
import type { SimLift } from './world.ts';

/** Extra work a mechanic finds under a car; the advisor calls the customer about it. */
const EXTRA_WORK = [
  { name: 'Replace wiper blades', jobKind: 'service', normSeconds: 600 },
  { name: 'Replace the cabin air filter', jobKind: 'service', normSeconds: 900 },
  { name: 'Replace the rear brake pads', jobKind: 'brakes', normSeconds: 3000 },
  { name: 'Replace a front stabiliser link', jobKind: 'suspension', normSeconds: 1800 },
  { name: 'Flush the brake fluid', jobKind: 'brakes', normSeconds: 1800 },
];

const COMPLAINTS = [
  'Scheduled maintenance',
  'Brakes squeal when stopping',
  'Check engine light is on',
  'Pulls to the left',
  'Oil change and check',
];

export interface SimActors {
  kiosk(lift: SimLift): Actor;
  advisor: Actor;
  storekeeper: Actor;
  foreman: Actor;
}

/** The demo's advisor, storekeeper and foreman act under their own names; the lift kiosks as devices would. */
export async function loadActors(sequelize: Sequelize): Promise<SimActors> {
  const users = await sequelize.query<{ id: string; login: string; display_name: string; role: Role }>(
    `SELECT id, login, display_name, role FROM users WHERE login IN ('advisor', 'storekeeper', 'foreman') AND active`,
    { type: QueryTypes.SELECT },
  );
  const as = (login: string, fallback: string): Actor => {
    const u = users.find((x) => x.login === login);
    return u
      ? { type: 'user', id: u.id, name: u.display_name, role: u.role, scope: 'all', sessionId: 'simulator' }
      : { type: 'system', id: null, name: fallback };
  };
  return {
    kiosk: (lift) => ({ type: 'system', id: null, name: `${lift.code} lift kiosk (simulated)` }),
    advisor: as('advisor', 'Advisor (simulated)'),
    storekeeper: as('storekeeper', 'Storekeeper (simulated)'),
    foreman: as('foreman', 'Foreman (simulated)'),
  };
}

/**
 * What the simulated people do through the workshop, scheduler and warehouse commands, each in its
 * own transaction, exactly as the kiosk and the desk call them. Errors are the caller's to log.
 */
export class WorkshopActions {
  constructor(
    private readonly deps: AppDeps,
    private readonly actors: SimActors,
  ) {}

  private run<T>(actor: Actor, work: (cx: CommandContext) => Promise<T>): Promise<T> {
    return inTransaction(this.deps, actor, work);
  }

  private query<T extends object>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
    return this.deps.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  }

  /** A kiosk job button: start (with the mechanic who tapped), pause with a reason, resume, complete. */
  async job(
    lift: SimLift,
    action: 'start' | 'pause' | 'resume' | 'complete',
    lineId: string,
    staffId: string,
    reason?: WaitReason,
  ): Promise<void> {
    await this.run(this.actors.kiosk(lift), async (cx) => {
      if (action === 'start') await startJob(cx, { lineId, staffId });
      else if (action === 'pause') await pauseJob(cx, { lineId, reason: reason ?? 'other' });
      else if (action === 'resume') await resumeJob(cx, { lineId });
      else await completeJob(cx, { lineId });
    });
  }

  /** "Request parts" on the kiosk: a request to the storekeeper for the job's parts. */
  async requestParts(lift: SimLift, orderId: string, lineId: string): Promise<void> {
    await this.run(this.actors.kiosk(lift), (cx) =>
      createPartsRequest(cx, { orderId, jobId: lineId, liftId: lift.id, note: 'Requested at the lift' }),
    );
  }

  /** The mechanic found more work: a recommended job waits for the customer's decision. */
  async proposeExtra(lift: SimLift, orderId: string, rng: Rng): Promise<void> {
    const extra = rng.pick(EXTRA_WORK);
    await this.run(this.actors.kiosk(lift), (cx) =>
      addJob(cx, orderId, {
        name: extra.name,
        jobKind: extra.jobKind,
        normSeconds: extra.normSeconds,
        pricing: 'hourly',
        ratePerHourMinor: 250_000,
        recommended: true,
      } as Parameters<typeof addJob>[2]),
    );
  }

  /**
   * The foreman puts the next car on an empty lift: an approved order not yet on a lift whose jobs
   * suit the lift, else a new order for a customer without an open one (a canned job, approved by
   * phone). The lift's mechanics are assigned to its first job.
   */
  async bringCar(lift: SimLift, staffIds: string[], rng: Rng): Promise<string | null> {
    const kinds = lift.jobKinds.length ? lift.jobKinds : null;
    const [waiting] = await this.query<{ id: string }>(
      `SELECT o.id FROM repair_orders o
        WHERE o.status = 'approved'
          AND NOT EXISTS (SELECT 1 FROM lift_placements p WHERE p.order_id = o.id AND p.removed_at IS NULL)
          AND EXISTS (SELECT 1 FROM order_jobs j WHERE j.order_id = o.id AND j.state <> 'done' AND (j.decision IS NULL OR j.decision = 'approved')
                      AND (CAST(:kinds AS text[]) IS NULL OR j.job_kind = ANY (CAST(:kinds AS text[]))))
        ORDER BY o.created_at LIMIT 1`,
      { kinds: kinds ? `{${kinds.join(',')}}` : null },
    );
    const canned = await this.query<{ id: string; name: string; kinds: string[] }>(
      `SELECT c.id, c.name, array_agg(l.job_kind) FILTER (WHERE l.job_kind IS NOT NULL) AS kinds
         FROM canned_jobs c JOIN canned_job_lines l ON l.canned_job_id = c.id
        GROUP BY c.id, c.name ORDER BY c.name`,
    );
    const fits = canned.filter((c) =>
      kinds ? (c.kinds ?? []).some((k) => kinds.includes(k)) : !(c.kinds ?? []).includes('alignment'),
    );
    const customers = await this.query<{ customer_id: string; vehicle_id: string }>(
      `SELECT v.customer_id, v.id AS vehicle_id FROM vehicles v JOIN customers c ON c.id = v.customer_id
        WHERE c.merged_into_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM repair_orders o WHERE o.vehicle_id = v.id AND o.status IN ('estimate', 'approved', 'in_work', 'done'))
        ORDER BY v.created_at, v.id`,
    );
    if (!waiting && (fits.length === 0 || customers.length === 0)) return null;
    const customer = waiting ? null : rng.pick(customers);
    const cannedJob = waiting ? null : rng.pick(fits);
    const complaint = rng.pick(COMPLAINTS);
    const advisor = this.actors.advisor;
    const orderId = waiting
      ? waiting.id
      : await this.run(advisor, async (cx) => {
          const order = await createOrder(cx, {
            customerId: customer!.customer_id,
            vehicleId: customer!.vehicle_id,
            complaint: lift.jobKinds.includes('alignment') ? 'Wheel alignment' : complaint,
            advisorId: advisor.type === 'user' ? advisor.id : null,
            timezone: this.deps.config.station.timezone,
          });
          await applyCannedJob(cx, { orderId: order.id, cannedJobId: cannedJob!.id });
          await transitionOrder(cx, { orderId: order.id, to: 'approved' });
          return order.id;
        });
    await this.run(this.actors.foreman, async (cx) => {
      await placeOnLift(cx, { orderId, liftId: lift.id });
      const [first] = await cx.sequelize.query<{ id: string }>(
        `SELECT id FROM order_jobs WHERE order_id = :orderId AND state <> 'done' AND (decision IS NULL OR decision = 'approved')
          AND NOT EXISTS (SELECT 1 FROM order_job_assignments a WHERE a.job_id = order_jobs.id AND a.unassigned_at IS NULL)
          ORDER BY position LIMIT 1`,
        { replacements: { orderId }, type: QueryTypes.SELECT, transaction: cx.tx },
      );
      if (first) for (const staffId of staffIds) await assignMechanic(cx, { lineId: first.id, staffId });
    });
    return orderId;
  }

  /** Every job is done: the advisor marks the order done and the foreman takes the car off the lift. */
  async finishCar(orderId: string): Promise<void> {
    await this.run(this.actors.advisor, async (cx) => {
      const [order] = await cx.sequelize.query<{ status: string }>(
        'SELECT status FROM repair_orders WHERE id = :orderId',
        { replacements: { orderId }, type: QueryTypes.SELECT, transaction: cx.tx },
      );
      if (order?.status === 'in_work') await transitionOrder(cx, { orderId, to: 'done' });
    });
    await this.run(this.actors.foreman, (cx) => removeFromLift(cx, { orderId }));
  }

  /** Open parts requests, for the storekeeper. */
  async openPartsRequests(): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT id FROM parts_requests WHERE status = 'open' ORDER BY requested_at`,
    );
    return rows.map((r) => r.id);
  }

  /** The storekeeper hands the parts out; a request naming no stocked part is answered and closed. */
  async issueParts(requestId: string): Promise<'issued' | 'cancelled'> {
    try {
      await this.run(this.actors.storekeeper, (cx) => issuePartsRequest(cx, requestId));
      return 'issued';
    } catch {
      await this.run(this.actors.storekeeper, (cx) =>
        cancelPartsRequest(cx, requestId, 'Handed over from the shelf without a parts line'),
      );
      return 'cancelled';
    }
  }

  /** Recommended lines waiting for the customer, per order (jobs and parts). */
  async pendingDecisions(): Promise<Array<{ orderId: string; lineId: string }>> {
    return this.query<{ orderId: string; lineId: string }>(
      `SELECT j.order_id AS "orderId", j.id AS "lineId" FROM order_jobs j JOIN repair_orders o ON o.id = j.order_id
        WHERE j.decision = 'pending' AND o.status IN ('approved', 'in_work')
       UNION ALL
       SELECT p.order_id, p.id FROM order_parts p JOIN repair_orders o ON o.id = p.order_id
        WHERE p.decision = 'pending' AND o.status IN ('approved', 'in_work')`,
    );
  }

  /** The advisor phoned the customer: the line is approved or declined. */
  async decide(orderId: string, lineId: string, approved: boolean): Promise<void> {
    await this.run(this.actors.advisor, (cx) =>
      decideLines(cx, {
        orderId,
        decisions: [{ lineId, decision: approved ? 'approved' : 'declined' }],
        via: 'phone',
        note: 'simulated call',
      }),
    );
  }

  /** Finished cars not on a lift, waiting for their owners. */
  async carsToCollect(): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT o.id FROM repair_orders o WHERE o.status = 'done'
          AND NOT EXISTS (SELECT 1 FROM lift_placements p WHERE p.order_id = o.id AND p.removed_at IS NULL)`,
    );
    return rows.map((r) => r.id);
  }

  /** The customer pays what is owed and drives away: handed over and closed. */
  async collect(orderId: string, rng: Rng): Promise<void> {
    await this.run(this.actors.advisor, async (cx) => {
      const [order] = await cx.sequelize.query<{ total_minor: string; paid_minor: string }>(
        'SELECT total_minor, paid_minor FROM repair_orders WHERE id = :orderId',
        { replacements: { orderId }, type: QueryTypes.SELECT, transaction: cx.tx },
      );
      const owed = Number(order?.total_minor ?? 0) - Number(order?.paid_minor ?? 0);
      if (owed > 0)
        await recordPayment(cx, {
          orderId,
          method: rng.chance(0.6) ? 'card' : 'cash',
          kind: 'payment',
          amountMinor: owed,
        });
      await transitionOrder(cx, { orderId, to: 'handed_over' });
      await transitionOrder(cx, { orderId, to: 'closed' });
    });
  }
}

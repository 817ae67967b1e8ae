import { QueryTypes, type Sequelize } from 'sequelize';
import { DEMO_MECHANICS } from '../../../../db/seeds/demo/people.ts';
import { DEMO_ENTRANCE_BRIDGE, demoLiftBridgeId } from '../../../../db/seeds/demo/shopfloor.ts';
import type { JobView, LiftView, OrderView } from './rules/types.ts';

/** Reads of the workshop the simulated people act on; nothing here writes. */

export interface SimLift {
  id: string;
  code: string;
  name: string;
  kind: string;
  jobKinds: string[];
  position: number;
  bridgeId: string;
}

export interface SimMechanic {
  staffId: string;
  name: string;
  uid: string;
}

export interface SimWorld {
  lifts: SimLift[];
  mechanics: SimMechanic[];
  entranceBridge: string;
}

/**
 * The demo station as the simulator needs it, or null when this is not a demo database: the demo
 * mechanics' badges must be assigned (a real station never has them) and the demo bridges present.
 */
export async function loadWorld(sequelize: Sequelize): Promise<SimWorld | null> {
  const uids = DEMO_MECHANICS.map((m) => m.uid);
  const mechanics = await sequelize.query<{ staff_id: string; full_name: string; uid: string }>(
    `SELECT s.id AS staff_id, s.full_name, b.uid FROM badges b JOIN staff s ON s.id = b.staff_id
      WHERE b.uid IN (:uids) AND b.revoked_at IS NULL AND s.active`,
    { replacements: { uids }, type: QueryTypes.SELECT },
  );
  if (mechanics.length === 0) return null;
  const lifts = await sequelize.query<{
    id: string;
    code: string;
    name: string;
    kind: string;
    job_kinds: string[];
    position: number;
  }>(
    `SELECT id, code, name, kind, job_kinds, position FROM lifts WHERE status = 'working' ORDER BY position`,
    {
      type: QueryTypes.SELECT,
    },
  );
  const bridges = await sequelize.query<{ id: string }>(`SELECT id FROM bridges WHERE revoked_at IS NULL`, {
    type: QueryTypes.SELECT,
  });
  const known = new Set(bridges.map((b) => b.id));
  if (!known.has(DEMO_ENTRANCE_BRIDGE)) return null;
  const order = new Map(uids.map((uid, i) => [uid, i]));
  return {
    entranceBridge: DEMO_ENTRANCE_BRIDGE,
    lifts: lifts
      .map((l) => ({
        id: l.id,
        code: l.code,
        name: l.name,
        kind: l.kind,
        jobKinds: l.job_kinds ?? [],
        position: l.position,
        bridgeId: demoLiftBridgeId(l.position),
      }))
      .filter((l) => known.has(l.bridgeId)),
    mechanics: mechanics
      .sort((a, b) => (order.get(a.uid) ?? 0) - (order.get(b.uid) ?? 0))
      .map((m) => ({ staffId: m.staff_id, name: m.full_name, uid: m.uid })),
  };
}

interface JobRow {
  order_id: string;
  status: string;
  line_id: string | null;
  state: JobView['state'] | null;
  wait_reason: JobView['waitReason'];
  norm_seconds: number | null;
  decision: JobView['decision'];
  staff_ids: string[] | null;
  request: string | null;
}

/** The car on a lift now (if any) with its jobs, their mechanics and parts requests. */
export async function loadOrderOnLift(sequelize: Sequelize, liftId: string): Promise<OrderView | null> {
  const rows = await sequelize.query<JobRow>(
    `SELECT o.id AS order_id, o.status, j.id AS line_id, j.state, j.wait_reason, j.norm_seconds, j.decision,
            (SELECT array_agg(a.staff_id::text) FROM order_job_assignments a WHERE a.job_id = j.id AND a.unassigned_at IS NULL) AS staff_ids,
            (SELECT r.status FROM parts_requests r WHERE r.job_id = j.id ORDER BY r.requested_at DESC LIMIT 1) AS request
       FROM lift_placements p
       JOIN repair_orders o ON o.id = p.order_id
       LEFT JOIN order_jobs j ON j.order_id = o.id
      WHERE p.lift_id = :liftId AND p.removed_at IS NULL
      ORDER BY j.position`,
    { replacements: { liftId }, type: QueryTypes.SELECT },
  );
  const first = rows[0];
  if (!first) return null;
  return {
    id: first.order_id,
    status: first.status,
    jobs: rows
      .filter((r) => r.line_id !== null)
      .map((r) => ({
        id: r.line_id!,
        state: r.state!,
        waitReason: r.wait_reason,
        normSeconds: Number(r.norm_seconds ?? 0),
        decision: r.decision,
        staffIds: r.staff_ids ?? [],
        partsRequest: r.request === null ? 'none' : r.request === 'open' ? 'open' : 'closed',
      })),
  };
}

export function liftView(
  lift: SimLift,
  order: OrderView | null,
  sensors: { raised: boolean; bayOccupied: boolean },
  othersAtLift: number,
): LiftView {
  return {
    liftId: lift.id,
    raisable: lift.kind !== 'pit',
    raised: sensors.raised,
    bayOccupied: sensors.bayOccupied,
    order,
    othersAtLift,
  };
}

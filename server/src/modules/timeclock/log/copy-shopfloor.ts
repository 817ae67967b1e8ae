import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * Bridge events (shopfloor_events) → the labour log, translated to the engine's kinds, with the badge's
 * mechanic and the reader's or sensor's lift resolved as of the event's corrected time (kept in
 * staff_id / lift_id for queries; the engine resolves again from the same history). Idempotent on
 * `bridge:<id>:<eventId>`; returns the ids of the rows written. With `ids` only those events; without, every event not copied yet (start-up
 * catch-up after a crash between the ingest's commit and this copy).
 */
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export async function copyShopfloorEvents(sequelize: Sequelize, ids?: readonly string[]): Promise<number[]> {
  const rows = await sequelize.query<{ id: string }>(
    `INSERT INTO labour_events (source, seq, source_key, kind, at, payload, staff_id, lift_id, actor_type, actor_id, actor_name)
     SELECT 'bridge:' || e.bridge_id, e.event_id, 'bridge:' || e.bridge_id || ':' || e.event_id,
            CASE e.kind WHEN 'badge' THEN 'badge.tap' WHEN 'lift' THEN 'lift.sensor' ELSE 'bay.sensor' END,
            e.corrected_at,
            CASE e.kind
              WHEN 'badge' THEN jsonb_build_object('bridgeId', e.bridge_id, 'readerId', e.device_id, 'uid', e.value,
                                  'raw', jsonb_build_object('at', (extract(epoch FROM e.at) * 1000)::bigint,
                                                           'sentAt', (extract(epoch FROM e.sent_at) * 1000)::bigint,
                                                           'receivedAt', (extract(epoch FROM e.received_at) * 1000)::bigint))
              ELSE jsonb_build_object('bridgeId', e.bridge_id, 'sensorId', e.device_id, 'state', e.value)
            END,
            g.staff_id, b.lift_id, 'bridge', e.bridge_id, e.bridge_id
       FROM shopfloor_events e
       LEFT JOIN LATERAL (
         SELECT lift_id FROM bridge_bindings b
          WHERE b.bridge_id = e.bridge_id AND b.device_id = e.device_id
            AND b.valid_from <= e.corrected_at AND (b.valid_to IS NULL OR b.valid_to > e.corrected_at)
          LIMIT 1) b ON true
       LEFT JOIN LATERAL (
         SELECT staff_id FROM badges g
          WHERE e.kind = 'badge' AND g.uid = e.value AND g.assigned_at <= e.corrected_at
            AND (g.revoked_at IS NULL OR g.revoked_at > e.corrected_at)
          LIMIT 1) g ON true
      WHERE ${ids ? 'e.id = ANY($1::uuid[])' : `NOT EXISTS (SELECT 1 FROM labour_events l WHERE l.source_key = 'bridge:' || e.bridge_id || ':' || e.event_id)`}
      ORDER BY e.corrected_at
     ON CONFLICT (source_key) DO NOTHING
     RETURNING id`,
    { type: QueryTypes.SELECT, bind: ids ? [ids] : [] },
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Assignments and placements recorded before the timeclock module saw their events (older data, the
 * demo seed): copied from their tables with the keys translate-domain.ts gives the same facts.
 */
export async function backfillWorkshopFacts(sequelize: Sequelize): Promise<void> {
  await sequelize.query(
    `INSERT INTO labour_events (source, source_key, kind, at, payload, staff_id, job_id, order_id, actor_type, actor_name)
     SELECT 'system', 'job.assign:' || a.job_id || ':' || a.staff_id || ':' || to_char(a.assigned_at AT TIME ZONE 'UTC', ${ISO}),
            'job.assign', a.assigned_at, jsonb_build_object('jobId', a.job_id, 'mechanicId', a.staff_id),
            a.staff_id, a.job_id, j.order_id, 'system', 'backfill'
       FROM order_job_assignments a JOIN order_jobs j ON j.id = a.job_id
     UNION ALL
     SELECT 'system', 'job.unassign:' || a.job_id || ':' || a.staff_id || ':' || to_char(a.unassigned_at AT TIME ZONE 'UTC', ${ISO}),
            'job.unassign', a.unassigned_at, jsonb_build_object('jobId', a.job_id, 'mechanicId', a.staff_id),
            a.staff_id, a.job_id, j.order_id, 'system', 'backfill'
       FROM order_job_assignments a JOIN order_jobs j ON j.id = a.job_id WHERE a.unassigned_at IS NOT NULL
     ON CONFLICT (source_key) DO NOTHING`,
  );
  await sequelize.query(
    `INSERT INTO labour_events (source, source_key, kind, at, payload, lift_id, order_id, actor_type, actor_name)
     SELECT 'system', 'placement.placed:' || p.id, 'placement.placed', p.placed_at,
            jsonb_build_object('orderId', p.order_id, 'liftId', p.lift_id), p.lift_id, p.order_id, 'system', 'backfill'
       FROM lift_placements p
     UNION ALL
     SELECT 'system', 'placement.removed:' || p.id, 'placement.removed', p.removed_at,
            jsonb_build_object('orderId', p.order_id), p.lift_id, p.order_id, 'system', 'backfill'
       FROM lift_placements p WHERE p.removed_at IS NOT NULL
     ON CONFLICT (source_key) DO NOTHING`,
  );
}

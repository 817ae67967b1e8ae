import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../../platform/context.ts';
import type { LabourEvent } from '../engine/index.ts';
import type { LabourRow } from './labour-row.ts';

/** Writes and reads the append-only labour event log (table labour_events). */

export interface StoredLabourRow {
  id: number;
  source: string;
  seq: number;
  kind: string;
  at: Date;
  payload: Record<string, unknown>;
  staffId: string | null;
  liftId: string | null;
  reason: string | null;
  actorName: string | null;
  recordedAt: Date;
}

/** Appends rows; a row whose source key is already stored is skipped. Returns the ids of new rows. */
export async function appendLabourRows(
  sequelize: Sequelize,
  rows: readonly LabourRow[],
  actor: Actor,
  transaction?: Transaction,
): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await sequelize.query<{ id: string }>(
    `INSERT INTO labour_events (source, seq, source_key, kind, at, payload, staff_id, lift_id, job_id, order_id, reason,
                                actor_type, actor_id, actor_name)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[],
                          $7::uuid[], $8::uuid[], $9::uuid[], $10::uuid[], $11::text[], $12::text[], $13::text[], $14::text[])
     ON CONFLICT (source_key) DO NOTHING
     RETURNING id`,
    {
      type: QueryTypes.SELECT,
      transaction,
      bind: [
        rows.map((r) => r.source),
        rows.map((r) => r.seq),
        rows.map((r) => r.sourceKey),
        rows.map((r) => r.kind),
        rows.map((r) => r.at.toISOString()),
        rows.map((r) => JSON.stringify(r.payload)),
        rows.map((r) => r.staffId ?? null),
        rows.map((r) => r.liftId ?? null),
        rows.map((r) => r.jobId ?? null),
        rows.map((r) => r.orderId ?? null),
        rows.map((r) => r.reason ?? null),
        rows.map(() => actor.type),
        rows.map(() => (actor.id === null ? null : String(actor.id))),
        rows.map(() => actor.name),
      ],
    },
  );
  return inserted.map((r) => Number(r.id));
}

interface DbRow {
  id: string;
  source: string;
  seq: string | null;
  kind: string;
  at: Date;
  payload: Record<string, unknown>;
  staff_id: string | null;
  lift_id: string | null;
  reason: string | null;
  actor_name: string | null;
  recorded_at: Date;
}

/** Rows with an id above `afterId` and the rows `alsoIds` (ids below it not seen before), oldest id first. */
export async function readLabourRows(
  sequelize: Sequelize,
  afterId: number,
  alsoIds: readonly number[] = [],
): Promise<StoredLabourRow[]> {
  const rows = await sequelize.query<DbRow>(
    `SELECT id, source, seq, kind, at, payload, staff_id, lift_id, reason, actor_name, recorded_at
       FROM labour_events WHERE id > $1::bigint OR id = ANY($2::bigint[]) ORDER BY id`,
    { type: QueryTypes.SELECT, bind: [afterId, alsoIds] },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    source: r.source,
    seq: r.seq === null ? Number(r.id) : Number(r.seq),
    kind: r.kind,
    at: new Date(r.at),
    payload: r.payload,
    staffId: r.staff_id,
    liftId: r.lift_id,
    reason: r.reason,
    actorName: r.actor_name,
    recordedAt: new Date(r.recorded_at),
  }));
}

/** A stored row as the engine's event. */
export function toLabourEvent(row: StoredLabourRow): LabourEvent {
  return {
    ...row.payload,
    kind: row.kind,
    source: row.source,
    seq: row.seq,
    at: row.at.getTime(),
  } as LabourEvent;
}

import { QueryTypes, type Sequelize } from 'sequelize';
import type { StoredEvent } from './event-store.ts';
import type { TapOutcome, TapOutcomeResolver } from './tap-feedback.ts';

interface Row {
  id: string;
  lift_name: string | null;
  bound: boolean;
  entrance: boolean;
  full_name: string | null;
}

/**
 * The minimum a tap needs to be accepted: a reader bound to a lift or the entrance, and a badge that
 * belongs to an active person, both at the tap's time. One query per batch of taps.
 */
export function basicTapResolver(sequelize: Sequelize): TapOutcomeResolver {
  return async (taps: StoredEvent[]) => {
    const rows = await sequelize.query<Row>(
      `SELECT t.id, l.name AS lift_name, (b.id IS NOT NULL) AS bound, COALESCE(b.entrance, false) AS entrance, s.full_name
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS t(id, bridge_id, device_id, uid, at)
         LEFT JOIN bridge_bindings b ON b.bridge_id = t.bridge_id AND b.device_id = t.device_id AND b.kind = 'reader'
              AND b.valid_from <= t.at AND (b.valid_to IS NULL OR b.valid_to > t.at)
         LEFT JOIN lifts l ON l.id = b.lift_id
         LEFT JOIN badges g ON g.uid = t.uid AND g.assigned_at <= t.at AND (g.revoked_at IS NULL OR g.revoked_at > t.at)
         LEFT JOIN staff s ON s.id = g.staff_id AND s.active`,
      {
        type: QueryTypes.SELECT,
        bind: [
          taps.map((t) => t.id),
          taps.map((t) => t.bridgeId),
          taps.map((t) => t.deviceId),
          taps.map((t) => t.value),
          taps.map((t) => t.correctedAt.toISOString()),
        ],
      },
    );
    const out = new Map<string, TapOutcome>();
    for (const r of rows) {
      if (!r.bound) out.set(r.id, { outcome: 'rejected', text: 'Reader not bound to a lift' });
      else if (!r.full_name) out.set(r.id, { outcome: 'rejected', text: 'Unknown badge' });
      else
        out.set(r.id, {
          outcome: 'accepted',
          text: `${r.full_name} — ${r.entrance ? 'entrance' : r.lift_name}`,
        });
    }
    return out;
  };
}

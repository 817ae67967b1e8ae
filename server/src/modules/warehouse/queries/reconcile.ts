import { select, type Executor } from '../db.ts';

export interface LevelMismatch {
  partId: string;
  locationId: string;
  summaryOnHand: string;
  ledgerOnHand: string;
  summaryReserved: string;
  reservationsReserved: string;
}

/**
 * Proves the books balance: for every (part, location) the summary's on hand equals the sum of the
 * ledger, and its reserved equals the sum of the lines' reservations. Returns the rows that differ
 * (none, always). Full scans: a maintenance query, not for every request.
 */
export async function reconcileStock(ex: Executor): Promise<LevelMismatch[]> {
  const rows = await select<Record<string, string>>(
    ex,
    `WITH ledger AS (SELECT part_id, location_id, sum(quantity) AS on_hand FROM stock_movements GROUP BY part_id, location_id),
          claims AS (SELECT part_id, location_id, sum(reserved) AS reserved FROM stock_reservations GROUP BY part_id, location_id)
     SELECT coalesce(l.part_id, g.part_id, c.part_id) AS part_id,
            coalesce(l.location_id, g.location_id, c.location_id) AS location_id,
            coalesce(l.on_hand, 0) AS summary_on_hand, coalesce(g.on_hand, 0) AS ledger_on_hand,
            coalesce(l.reserved, 0) AS summary_reserved, coalesce(c.reserved, 0) AS reservations_reserved
       FROM stock_levels l
       FULL JOIN ledger g ON g.part_id = l.part_id AND g.location_id = l.location_id
       FULL JOIN claims c ON c.part_id = coalesce(l.part_id, g.part_id) AND c.location_id = coalesce(l.location_id, g.location_id)
      WHERE coalesce(l.on_hand, 0) <> coalesce(g.on_hand, 0) OR coalesce(l.reserved, 0) <> coalesce(c.reserved, 0)
      LIMIT 1000`,
  );
  return rows.map((r) => ({
    partId: r.part_id!,
    locationId: r.location_id!,
    summaryOnHand: r.summary_on_hand!,
    ledgerOnHand: r.ledger_on_hand!,
    summaryReserved: r.summary_reserved!,
    reservationsReserved: r.reservations_reserved!,
  }));
}

import { conflict } from '../../../platform/errors.ts';
import { selectOne, type Executor } from '../db.ts';

/**
 * Where a line's part is taken from when nobody says: the active non-van location with the most free
 * stock of the part, else the default location, else the first active warehouse.
 */
export async function pickLocation(ex: Executor, partId: string): Promise<string> {
  const best = await selectOne<{ location_id: string }>(
    ex,
    `SELECT l.location_id FROM stock_levels l JOIN stock_locations s ON s.id = l.location_id
      WHERE l.part_id = :partId AND s.active AND s.kind <> 'van' AND l.on_hand > l.reserved
      ORDER BY l.on_hand - l.reserved DESC, s.is_default DESC, s.code
      LIMIT 1`,
    { partId },
  );
  if (best) return best.location_id;
  return defaultLocation(ex);
}

export async function defaultLocation(ex: Executor): Promise<string> {
  const fallback = await selectOne<{ id: string }>(
    ex,
    `SELECT id FROM stock_locations WHERE active AND kind <> 'van' ORDER BY is_default DESC, (kind = 'warehouse') DESC, created_at, code LIMIT 1`,
  );
  if (!fallback) throw conflict('There is no stock location yet: create one first', undefined, 'locationId');
  return fallback.id;
}

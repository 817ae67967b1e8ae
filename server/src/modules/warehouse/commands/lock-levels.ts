import type { CommandContext } from '../../../platform/context.ts';
import { select } from '../db.ts';
import { milliFromDb, milliToDb } from '../rules/quantity.ts';
import type { Level } from '../rules/stock-level.ts';

export interface LevelKey {
  partId: string;
  locationId: string;
}

export const levelKey = (k: LevelKey): string => `${k.partId}|${k.locationId}`;

const CHUNK = 2000;

/**
 * Creates the missing summary rows and takes row locks on the levels, always in (part, location)
 * order so that two commands touching the same levels queue instead of deadlocking. Whoever holds the
 * lock sees the committed quantities: two issues of the last unit cannot both pass.
 */
export async function lockLevels(cx: CommandContext, keys: readonly LevelKey[]): Promise<Map<string, Level>> {
  const unique = new Map<string, LevelKey>();
  for (const k of keys) unique.set(levelKey(k), k);
  const sorted = [...unique.values()].sort((a, b) =>
    a.partId === b.partId ? (a.locationId < b.locationId ? -1 : 1) : a.partId < b.partId ? -1 : 1,
  );
  const levels = new Map<string, Level>();
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    const parts = chunk.map((k) => k.partId);
    const locations = chunk.map((k) => k.locationId);
    await cx.sequelize.query(
      `INSERT INTO stock_levels (part_id, location_id)
       SELECT * FROM unnest(ARRAY[:parts]::uuid[], ARRAY[:locations]::uuid[])
       ORDER BY 1, 2
       ON CONFLICT DO NOTHING`,
      { transaction: cx.tx, replacements: { parts, locations } },
    );
    const rows = await select<{ part_id: string; location_id: string; on_hand: string; reserved: string }>(
      cx,
      `SELECT l.part_id, l.location_id, l.on_hand, l.reserved
         FROM stock_levels l
         JOIN unnest(ARRAY[:parts]::uuid[], ARRAY[:locations]::uuid[]) AS k(part_id, location_id)
           ON l.part_id = k.part_id AND l.location_id = k.location_id
        ORDER BY l.part_id, l.location_id
          FOR UPDATE OF l`,
      { parts, locations },
    );
    for (const r of rows) {
      levels.set(levelKey({ partId: r.part_id, locationId: r.location_id }), {
        onHand: milliFromDb(r.on_hand),
        reserved: milliFromDb(r.reserved),
      });
    }
  }
  return levels;
}

/** Writes the new figures of locked levels (the same transaction that wrote the ledger rows). */
export async function saveLevels(
  cx: CommandContext,
  levels: ReadonlyMap<string, Level>,
  touched: ReadonlySet<string>,
  movedAt: Date | null,
): Promise<void> {
  const keys = [...touched];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const parts: string[] = [];
    const locations: string[] = [];
    const onHand: string[] = [];
    const reserved: string[] = [];
    for (const key of chunk) {
      const [partId, locationId] = key.split('|') as [string, string];
      const level = levels.get(key)!;
      parts.push(partId);
      locations.push(locationId);
      onHand.push(milliToDb(level.onHand));
      reserved.push(milliToDb(level.reserved));
    }
    await cx.sequelize.query(
      `UPDATE stock_levels l
          SET on_hand = v.on_hand, reserved = v.reserved,
              last_movement_at = COALESCE(CAST(:movedAt AS timestamptz), l.last_movement_at)
         FROM unnest(ARRAY[:parts]::uuid[], ARRAY[:locations]::uuid[], ARRAY[:onHand]::numeric[], ARRAY[:reserved]::numeric[])
              AS v(part_id, location_id, on_hand, reserved)
        WHERE l.part_id = v.part_id AND l.location_id = v.location_id`,
      { transaction: cx.tx, replacements: { parts, locations, onHand, reserved, movedAt } },
    );
  }
}

import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict } from '../../../platform/errors.ts';
import { execute, select } from '../db.ts';
import type { Numbered, ResolvedStockRow } from '../imports/validate-rows.ts';
import { movingAverageAfter } from '../rules/moving-average.ts';
import { milliFromDb, milliToDb } from '../rules/quantity.ts';
import { postMovements, type MovementInput } from './post-movements.ts';

const CHUNK = 2000;

/**
 * Writes opening stock in the caller's single transaction: an `opening` movement per (part, location)
 * at the given cost (or the part's cost), the moving average updated, min/max set where given.
 * Refuses (409) if another movement reached one of those levels since the file was checked.
 */
export async function importOpeningStock(
  cx: CommandContext,
  rows: readonly Numbered<ResolvedStockRow>[],
  onProgress: (written: number) => Promise<void>,
  importId: string,
): Promise<Record<string, number>> {
  const data = rows.map((r) => r.data);
  const partIds = [...new Set(data.filter((r) => r.quantity > 0).map((r) => r.partId))].sort();
  const costs = new Map<string, number>();
  const onHand = new Map<string, number>();
  for (let i = 0; i < partIds.length; i += CHUNK) {
    const chunk = partIds.slice(i, i + CHUNK);
    const found = await select<{ id: string; cost: string; on_hand: string | null }>(
      cx,
      `SELECT p.id, p.cost, (SELECT sum(on_hand) FROM stock_levels WHERE part_id = p.id) AS on_hand
         FROM parts p WHERE p.id IN (:chunk) ORDER BY p.id FOR UPDATE OF p`,
      { chunk },
    );
    for (const f of found) {
      costs.set(f.id, Number(f.cost));
      onHand.set(f.id, milliFromDb(f.on_hand ?? '0'));
    }
  }

  const movements: MovementInput[] = data
    .filter((r) => r.quantity > 0)
    .map((r) => ({
      partId: r.partId,
      locationId: r.locationId,
      kind: 'opening' as const,
      quantity: r.quantity,
      unitCost: r.unitCost ?? costs.get(r.partId)!,
      document: { type: 'import', id: importId },
      reason: 'opening stock',
    }));
  let written = 0;
  for (let i = 0; i < movements.length; i += CHUNK) {
    const chunk = movements.slice(i, i + CHUNK);
    const [moved] = await select<{ n: string }>(
      cx,
      `SELECT count(*) AS n FROM stock_movements m
         JOIN unnest(ARRAY[:parts]::uuid[], ARRAY[:locations]::uuid[]) AS k(part_id, location_id)
           ON m.part_id = k.part_id AND m.location_id = k.location_id`,
      { parts: chunk.map((m) => m.partId), locations: chunk.map((m) => m.locationId) },
    );
    if (Number(moved?.n ?? 0) > 0)
      throw conflict(
        'Stock moved at some of these locations while the file was being checked: upload it again',
      );
    await postMovements(cx, chunk);
    written += chunk.length;
    await onProgress(written);
  }

  const byPart = new Map<string, Array<{ quantityMilli: number; unitCost: number }>>();
  for (const m of movements)
    byPart.set(m.partId, [
      ...(byPart.get(m.partId) ?? []),
      { quantityMilli: m.quantity, unitCost: m.unitCost! },
    ]);
  const newCosts = partIds.map(
    (partId) =>
      movingAverageAfter(
        { quantityMilli: onHand.get(partId) ?? 0, unitCost: costs.get(partId) ?? 0 },
        byPart.get(partId) ?? [],
      ).unitCost,
  );
  for (let i = 0; i < partIds.length; i += CHUNK) {
    await execute(
      cx,
      `UPDATE parts p SET cost = v.cost, updated_at = :now FROM unnest(ARRAY[:ids]::uuid[], ARRAY[:costs]::bigint[]) AS v(id, cost) WHERE p.id = v.id`,
      { now: cx.now, ids: partIds.slice(i, i + CHUNK), costs: newCosts.slice(i, i + CHUNK).map(String) },
    );
  }

  const limits = data.filter((r) => r.min !== null && r.max !== null);
  for (let i = 0; i < limits.length; i += CHUNK) {
    const chunk = limits.slice(i, i + CHUNK);
    await execute(
      cx,
      `INSERT INTO stock_limits (part_id, location_id, min_quantity, max_quantity, updated_at)
       SELECT * , CAST(:now AS timestamptz) FROM unnest(ARRAY[:parts]::uuid[], ARRAY[:locations]::uuid[], ARRAY[:mins]::numeric[], ARRAY[:maxes]::numeric[])
       ON CONFLICT (part_id, location_id) DO UPDATE SET min_quantity = EXCLUDED.min_quantity, max_quantity = EXCLUDED.max_quantity, updated_at = EXCLUDED.updated_at`,
      {
        now: cx.now,
        parts: chunk.map((r) => r.partId),
        locations: chunk.map((r) => r.locationId),
        mins: chunk.map((r) => milliToDb(r.min!)),
        maxes: chunk.map((r) => milliToDb(r.max!)),
      },
    );
  }
  const summary = { movements: movements.length, parts: partIds.length, limitsSet: limits.length };
  await recordAudit(cx, {
    action: 'stock.imported',
    entityType: 'import',
    entityId: importId,
    after: summary,
  });
  cx.emit({ type: 'stock.changed', partIds, locationIds: [...new Set(movements.map((m) => m.locationId))] });
  return summary;
}

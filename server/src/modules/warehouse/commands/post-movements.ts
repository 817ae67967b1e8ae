import type { MovementKind } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { select } from '../db.ts';
import { milliToDb, milliToNumber } from '../rules/quantity.ts';
import { applyToLevel, type Level } from '../rules/stock-level.ts';
import { cutReservations } from './cut-reservations.ts';
import { levelKey, lockLevels, saveLevels } from './lock-levels.ts';

export interface MovementInput {
  partId: string;
  locationId: string;
  kind: MovementKind;
  /** Signed, in milli-units. */
  quantity: number;
  /** Minor units per unit; defaults to the part's average cost. */
  unitCost?: number;
  consumeReserved?: number;
  document?: { type: string; id: string } | null;
  lineId?: string | null;
  partsRequestId?: string | null;
  reason?: string | null;
}

export interface PostedMovement extends MovementInput {
  id: string;
  unitCost: number;
}

const INSERT_CHUNK = 1000;

/**
 * The only way stock changes: locks the levels, applies each movement with the ledger rules
 * (refusing with 409 what would take stock that is not free), appends the ledger rows and writes the
 * summary — all in the caller's transaction. `levels` may be passed when the caller already locked them.
 */
export async function postMovements(
  cx: CommandContext,
  movements: readonly MovementInput[],
  locked?: Map<string, Level>,
): Promise<PostedMovement[]> {
  if (movements.length === 0) return [];
  const levels = locked ?? (await lockLevels(cx, movements));
  const costs = await partCosts(
    cx,
    movements.filter((m) => m.unitCost === undefined).map((m) => m.partId),
  );
  const touched = new Set<string>();
  const cuts: Array<{ partId: string; locationId: string; quantity: number }> = [];
  const posted: PostedMovement[] = [];

  for (const m of movements) {
    const key = levelKey(m);
    const level = levels.get(key);
    if (!level) throw new Error(`Level ${key} was not locked`);
    const outcome = applyToLevel(level, {
      kind: m.kind,
      quantity: m.quantity,
      consumeReserved: m.consumeReserved,
    });
    if (!outcome.ok) {
      throw conflict(
        `Not enough stock: ${milliToNumber(outcome.requested)} requested, ${milliToNumber(Math.max(0, outcome.available))} available`,
        {
          partId: m.partId,
          locationId: m.locationId,
          requested: milliToNumber(outcome.requested),
          available: milliToNumber(Math.max(0, outcome.available)),
        },
        'quantity',
      );
    }
    levels.set(key, outcome.level);
    touched.add(key);
    if (outcome.cutReserved > 0)
      cuts.push({ partId: m.partId, locationId: m.locationId, quantity: outcome.cutReserved });
    posted.push({ ...m, id: newId(), unitCost: m.unitCost ?? costs.get(m.partId) ?? 0 });
  }

  await saveLevels(cx, levels, touched, cx.now);
  await insertLedgerRows(cx, posted);
  for (const cut of cuts) await cutReservations(cx, cut.partId, cut.locationId, cut.quantity);
  return posted;
}

async function partCosts(cx: CommandContext, partIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(partIds)];
  if (ids.length === 0) return new Map();
  const rows = await select<{ id: string; cost: string }>(
    cx,
    `SELECT id, cost FROM parts WHERE id IN (:ids)`,
    { ids },
  );
  return new Map(rows.map((r) => [r.id, Number(r.cost)]));
}

async function insertLedgerRows(cx: CommandContext, rows: readonly PostedMovement[]): Promise<void> {
  const actor = cx.actor;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await cx.sequelize.query(
      `INSERT INTO stock_movements (id, at, part_id, location_id, kind, quantity, unit_cost, document_type, document_id,
                                    line_id, parts_request_id, reason, actor_type, actor_id, actor_name, request_id)
       SELECT v.id, CAST(:at AS timestamptz), v.part_id, v.location_id, v.kind, v.quantity, v.unit_cost, v.document_type, v.document_id,
              v.line_id, v.parts_request_id, v.reason, :actorType, :actorId, :actorName, :requestId
         FROM unnest(ARRAY[:ids]::uuid[], ARRAY[:parts]::uuid[], ARRAY[:locations]::uuid[], ARRAY[:kinds]::text[],
                     ARRAY[:quantities]::numeric[], ARRAY[:costs]::bigint[], ARRAY[:documentTypes]::text[],
                     ARRAY[:documentIds]::uuid[], ARRAY[:lineIds]::uuid[], ARRAY[:requestIds]::uuid[], ARRAY[:reasons]::text[])
              WITH ORDINALITY AS v(id, part_id, location_id, kind, quantity, unit_cost, document_type, document_id,
                                   line_id, parts_request_id, reason, n)
        ORDER BY v.n`,
      {
        transaction: cx.tx,
        replacements: {
          at: cx.now,
          actorType: actor.type,
          actorId: actor.id,
          actorName: actor.name,
          requestId: cx.requestId,
          ids: chunk.map((r) => r.id),
          parts: chunk.map((r) => r.partId),
          locations: chunk.map((r) => r.locationId),
          kinds: chunk.map((r) => r.kind),
          quantities: chunk.map((r) => milliToDb(r.quantity)),
          costs: chunk.map((r) => String(r.unitCost)),
          documentTypes: chunk.map((r) => r.document?.type ?? null),
          documentIds: chunk.map((r) => r.document?.id ?? null),
          lineIds: chunk.map((r) => r.lineId ?? null),
          requestIds: chunk.map((r) => r.partsRequestId ?? null),
          reasons: chunk.map((r) => r.reason ?? null),
        },
      },
    );
  }
}

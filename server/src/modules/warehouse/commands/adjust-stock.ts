import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { selectOne } from '../db.ts';
import { toMilli } from '../rules/quantity.ts';
import { postMovements, type PostedMovement } from './post-movements.ts';
import { assertLocation } from './reserve-for-line.ts';

export interface AdjustInput {
  partId: string;
  locationId: string;
  /** Signed: +2 found, −1 broken. */
  quantity: number;
  reason: string;
}

/** A correction with a reason (found, damaged, lost); never below zero. Reservations losing their stock are cut. */
export async function adjustStock(cx: CommandContext, input: AdjustInput): Promise<PostedMovement> {
  if (!(await selectOne(cx, `SELECT 1 AS one FROM parts WHERE id = :id`, { id: input.partId })))
    throw notFound('Part');
  await assertLocation(cx, input.locationId);
  const [movement] = await postMovements(cx, [
    {
      partId: input.partId,
      locationId: input.locationId,
      kind: 'adjustment',
      quantity: toMilli(input.quantity)!,
      reason: input.reason.trim(),
    },
  ]);
  await recordAudit(cx, {
    action: 'stock.adjusted',
    entityType: 'part',
    entityId: input.partId,
    after: { ...input, movementId: movement!.id },
  });
  cx.emit({ type: 'stock.changed', partIds: [input.partId], locationIds: [input.locationId] });
  return movement!;
}

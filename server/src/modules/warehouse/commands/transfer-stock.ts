import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { select } from '../db.ts';
import { toMilli } from '../rules/quantity.ts';
import { nextNumber } from './next-number.ts';
import { postMovements, type MovementInput } from './post-movements.ts';
import { assertLocation } from './reserve-for-line.ts';

export interface TransferInput {
  fromLocationId: string;
  toLocationId: string;
  items: Array<{ partId: string; quantity: number }>;
  note?: string | null;
}

/** Moves free stock between locations (shelf to van): a pair of ledger rows per part under one transfer id. */
export async function transferStock(
  cx: CommandContext,
  input: TransferInput,
): Promise<{ id: string; number: string }> {
  await assertLocation(cx, input.fromLocationId);
  await assertLocation(cx, input.toLocationId);
  const partIds = [...new Set(input.items.map((i) => i.partId))];
  const found = await select<{ id: string }>(cx, `SELECT id FROM parts WHERE id IN (:partIds)`, { partIds });
  if (found.length !== partIds.length) throw notFound('Part');
  const id = newId();
  const number = await nextNumber(cx, 'TR');
  const document = { type: 'transfer', id };
  const movements: MovementInput[] = input.items.flatMap((item) => {
    const quantity = toMilli(item.quantity)!;
    return [
      {
        partId: item.partId,
        locationId: input.fromLocationId,
        kind: 'transfer_out' as const,
        quantity: -quantity,
        document,
        reason: input.note ?? number,
      },
      {
        partId: item.partId,
        locationId: input.toLocationId,
        kind: 'transfer_in' as const,
        quantity,
        document,
        reason: input.note ?? number,
      },
    ];
  });
  await postMovements(cx, movements);
  await recordAudit(cx, {
    action: 'stock.transferred',
    entityType: 'transfer',
    entityId: id,
    after: { number, ...input },
  });
  cx.emit({ type: 'stock.changed', partIds, locationIds: [input.fromLocationId, input.toLocationId] });
  return { id, number };
}

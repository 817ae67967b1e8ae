import type { CommandContext } from '../../../platform/context.ts';
import { execute } from '../db.ts';
import type { PurchaseOrder } from '../models/index.ts';
import { reorderSuggestions } from '../queries/reorder-suggestions.ts';
import { createPurchaseOrder } from './purchase-orders.ts';

/**
 * One step from the suggestions to draft purchase orders: one draft per supplier with every suggested
 * part of that supplier. Parts without a default supplier are left out and listed.
 */
export async function orderFromSuggestions(
  cx: CommandContext,
  input: { partIds?: string[]; locationId?: string | null },
): Promise<{ orders: PurchaseOrder[]; skipped: Array<{ partId: string; reason: string }> }> {
  // Two storekeepers pressing the button at once must not order everything twice.
  await execute(cx, `SELECT pg_advisory_xact_lock(hashtext('warehouse.order-from-suggestions'))`);
  const wanted = input.partIds ? new Set(input.partIds) : null;
  const suggestions = (await reorderSuggestions(cx)).filter((s) => !wanted || wanted.has(s.partId));
  const bySupplier = new Map<string, typeof suggestions>();
  const skipped: Array<{ partId: string; reason: string }> = [];
  for (const s of suggestions) {
    if (!s.supplierId) {
      skipped.push({ partId: s.partId, reason: 'no default supplier' });
      continue;
    }
    bySupplier.set(s.supplierId, [...(bySupplier.get(s.supplierId) ?? []), s]);
  }
  if (wanted)
    for (const id of wanted)
      if (!suggestions.some((s) => s.partId === id)) skipped.push({ partId: id, reason: 'nothing to order' });
  const orders: PurchaseOrder[] = [];
  for (const [supplierId, items] of bySupplier) {
    orders.push(
      await createPurchaseOrder(cx, {
        supplierId,
        locationId: input.locationId ?? null,
        note: 'From reorder suggestions',
        lines: items.map((s) => ({ partId: s.partId, quantity: s.quantity, unitCost: s.unitCost })),
      }),
    );
  }
  return { orders, skipped };
}

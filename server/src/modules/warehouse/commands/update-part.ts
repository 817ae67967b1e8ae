import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { Part, PartNumber } from '../models/index.ts';
import type { UpdatePartBody } from '../warehouse.schemas.ts';
import { assertBarcodeFree, assertSkuFree, assertSupplier } from './create-part.ts';
import { replacePartNumbers, type NumberInput } from './part-numbers.ts';

const snapshot = (p: Part) => ({
  sku: p.sku,
  name: p.name,
  brand: p.brand,
  unit: p.unit,
  salePrice: Number(p.salePrice),
  barcode: p.barcode,
  defaultSupplierId: p.defaultSupplierId,
  active: p.active,
});

/** Edits the card. The cost is not editable: it is the moving average the receipts keep. */
export async function updatePart(cx: CommandContext, partId: string, input: UpdatePartBody): Promise<Part> {
  const part = await Part.findByPk(partId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!part) throw notFound('Part');
  const before = snapshot(part);
  if (input.sku !== undefined) {
    part.skuNorm = await assertSkuFree(cx, input.sku, part.id);
    part.sku = input.sku.trim();
  }
  if (input.barcode !== undefined) part.barcode = await assertBarcodeFree(cx, input.barcode, part.id);
  if (input.defaultSupplierId !== undefined) {
    await assertSupplier(cx, input.defaultSupplierId);
    part.defaultSupplierId = input.defaultSupplierId;
  }
  if (input.name !== undefined) part.name = input.name.trim();
  if (input.brand !== undefined) part.brand = input.brand?.trim() || null;
  if (input.unit !== undefined) part.unit = input.unit;
  if (input.salePrice !== undefined) part.salePrice = String(input.salePrice);
  if (input.note !== undefined) part.note = input.note ?? null;
  if (input.active !== undefined) part.active = input.active;
  part.updatedAt = cx.now;
  await part.save({ transaction: cx.tx });
  if (input.numbers !== undefined || input.sku !== undefined) {
    const numbers: NumberInput[] =
      input.numbers ??
      (await PartNumber.findAll({ where: { partId: part.id }, transaction: cx.tx }))
        .filter((n) => n.kind !== 'sku')
        .map((n) => ({ kind: n.kind as NumberInput['kind'], brand: n.brand, number: n.number }));
    await replacePartNumbers(cx, part.id, part.sku, part.brand, numbers);
  }
  await recordAudit(cx, {
    action: 'part.updated',
    entityType: 'part',
    entityId: part.id,
    before,
    after: { ...snapshot(part), numbers: input.numbers },
  });
  cx.emit({ type: 'catalogue.changed', partIds: [part.id] });
  return part;
}

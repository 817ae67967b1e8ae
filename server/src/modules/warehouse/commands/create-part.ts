import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { Part, Supplier } from '../models/index.ts';
import { normalizeBarcode, normalizeNumber } from '../rules/normalize-number.ts';
import type { CreatePartBody } from '../warehouse.schemas.ts';
import { addCrossReference } from './add-cross-reference.ts';
import { replacePartNumbers } from './part-numbers.ts';

export async function assertSkuFree(cx: CommandContext, sku: string, partId: string | null): Promise<string> {
  const skuNorm = normalizeNumber(sku);
  if (!skuNorm) throw badRequest('sku: must contain letters or digits', 'sku');
  const other = await Part.findOne({ where: { skuNorm }, transaction: cx.tx });
  if (other && other.id !== partId)
    throw conflict(`The SKU ${sku} is already used by ${other.name}`, { partId: other.id }, 'sku');
  return skuNorm;
}

export async function assertBarcodeFree(
  cx: CommandContext,
  barcode: string | null | undefined,
  partId: string | null,
): Promise<string | null> {
  if (!barcode) return null;
  const code = normalizeBarcode(barcode);
  const other = await Part.findOne({ where: { barcode: code }, transaction: cx.tx });
  if (other && other.id !== partId)
    throw conflict(`The barcode ${code} is already on ${other.name}`, { partId: other.id }, 'barcode');
  return code;
}

export async function assertSupplier(
  cx: CommandContext,
  supplierId: string | null | undefined,
): Promise<void> {
  if (!supplierId) return;
  if (!(await Supplier.findByPk(supplierId, { transaction: cx.tx }))) throw notFound('Supplier');
}

export async function createPart(cx: CommandContext, input: CreatePartBody): Promise<Part> {
  const skuNorm = await assertSkuFree(cx, input.sku, null);
  const barcode = await assertBarcodeFree(cx, input.barcode, null);
  await assertSupplier(cx, input.defaultSupplierId);
  const part = await Part.create(
    {
      id: newId(),
      sku: input.sku.trim(),
      skuNorm,
      name: input.name.trim(),
      brand: input.brand?.trim() || null,
      unit: input.unit ?? 'pcs',
      salePrice: input.salePrice ?? 0,
      cost: input.cost ?? 0,
      barcode,
      defaultSupplierId: input.defaultSupplierId ?? null,
      note: input.note ?? null,
      active: true,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  const numbers = input.numbers ?? [];
  await replacePartNumbers(cx, part.id, part.sku, part.brand, numbers);
  const ownNumber = numbers.find((n) => n.kind === 'article')?.number ?? part.sku;
  for (const analogue of input.analogues ?? []) {
    await addCrossReference(cx, {
      number: analogue.ownNumber ?? ownNumber,
      brand: analogue.ownNumber ? null : part.brand,
      analogueNumber: analogue.number,
      analogueBrand: analogue.brand,
      source: 'manual',
    });
  }
  await recordAudit(cx, {
    action: 'part.created',
    entityType: 'part',
    entityId: part.id,
    after: { sku: part.sku, name: part.name, brand: part.brand, numbers },
  });
  cx.emit({ type: 'catalogue.changed', partIds: [part.id] });
  return part;
}

import type { PartNumberKind } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute } from '../db.ts';
import { normalizeNumber } from '../rules/normalize-number.ts';

export interface NumberInput {
  kind: Exclude<PartNumberKind, 'sku'>;
  brand?: string | null;
  number: string;
}

/**
 * Replaces the numbers a part is known by. The SKU is one of them, so that a single index answers
 * "which part has this number". Duplicates (same kind and normalised number) collapse to one.
 */
export async function replacePartNumbers(
  cx: CommandContext,
  partId: string,
  sku: string,
  brand: string | null,
  numbers: readonly NumberInput[],
): Promise<void> {
  const rows = new Map<
    string,
    { kind: PartNumberKind; brand: string | null; number: string; norm: string }
  >();
  const skuNorm = normalizeNumber(sku);
  rows.set(`sku|${skuNorm}`, { kind: 'sku', brand: null, number: sku.trim(), norm: skuNorm });
  for (const [i, n] of numbers.entries()) {
    const norm = normalizeNumber(n.number);
    if (!norm) throw badRequest(`numbers.${i}.number: must contain letters or digits`, `numbers.${i}.number`);
    const key = `${n.kind}|${norm}`;
    if (!rows.has(key))
      rows.set(key, {
        kind: n.kind,
        brand: n.brand?.trim() || (n.kind === 'article' ? brand : null),
        number: n.number.trim(),
        norm,
      });
  }
  await execute(cx, `DELETE FROM part_numbers WHERE part_id = :partId`, { partId });
  const list = [...rows.values()];
  await execute(
    cx,
    `INSERT INTO part_numbers (id, part_id, kind, brand, number, number_norm)
     SELECT v.id, :partId, v.kind, v.brand, v.number, v.norm
       FROM unnest(ARRAY[:ids]::uuid[], ARRAY[:kinds]::text[], ARRAY[:brands]::text[], ARRAY[:numbers]::text[], ARRAY[:norms]::text[])
            AS v(id, kind, brand, number, norm)`,
    {
      partId,
      ids: list.map(() => newId()),
      kinds: list.map((r) => r.kind),
      brands: list.map((r) => r.brand),
      numbers: list.map((r) => r.number),
      norms: list.map((r) => r.norm),
    },
  );
}

import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, select } from '../db.ts';
import type { Numbered } from '../imports/validate-rows.ts';
import type { CatalogueRow } from '../rules/import-fields.ts';
import { compareNormalized, normalizeNumber } from '../rules/normalize-number.ts';

const CHUNK = 1000;

export interface CatalogueImportSummary extends Record<string, number> {
  partsCreated: number;
  partsUpdated: number;
  numbersAdded: number;
  crossReferencesAdded: number;
  suppliersCreated: number;
}

/**
 * Writes accepted catalogue rows in bulk, in the caller's single transaction: new SKUs become parts,
 * known SKUs are updated (a blank cell keeps what the part had; the cost only while the part has no
 * stock, because afterwards it is the moving average). Numbers and analogues are added, never removed.
 */
export async function importCatalogue(
  cx: CommandContext,
  rows: readonly Numbered<CatalogueRow>[],
  onProgress: (written: number) => Promise<void>,
  importId: string,
): Promise<CatalogueImportSummary> {
  const summary: CatalogueImportSummary = {
    partsCreated: 0,
    partsUpdated: 0,
    numbersAdded: 0,
    crossReferencesAdded: 0,
    suppliersCreated: 0,
  };
  const supplierIds = await ensureSuppliers(cx, rows, summary);
  let written = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => r.data);
    const existing = await select<{ id: string; sku_norm: string; on_hand: string | null }>(
      cx,
      `SELECT p.id, p.sku_norm, (SELECT sum(on_hand) FROM stock_levels WHERE part_id = p.id) AS on_hand
         FROM parts p WHERE p.sku_norm IN (:norms) FOR UPDATE OF p`,
      { norms: chunk.map((r) => r.skuNorm) },
    );
    const known = new Map(existing.map((e) => [e.sku_norm, e]));
    const ids = new Map<string, string>();
    const fresh = chunk.filter((r) => !known.has(r.skuNorm));
    const old = chunk.filter((r) => known.has(r.skuNorm));
    for (const r of fresh) ids.set(r.skuNorm, newId());
    for (const r of old) ids.set(r.skuNorm, known.get(r.skuNorm)!.id);
    const col = <T>(list: CatalogueRow[], f: (r: CatalogueRow) => T) => list.map(f);

    if (fresh.length) {
      await execute(
        cx,
        `INSERT INTO parts (id, sku, sku_norm, name, brand, unit, sale_price, cost, barcode, default_supplier_id, active, created_at, updated_at)
         SELECT v.id, v.sku, v.sku_norm, v.name, v.brand, coalesce(v.unit, 'pcs'), coalesce(v.sale_price, 0), coalesce(v.cost, 0),
                v.barcode, v.supplier_id, true, :now, :now
           FROM unnest(ARRAY[:ids]::uuid[], ARRAY[:skus]::text[], ARRAY[:norms]::text[], ARRAY[:names]::text[], ARRAY[:brands]::text[],
                       ARRAY[:units]::text[], ARRAY[:prices]::bigint[], ARRAY[:costs]::bigint[], ARRAY[:barcodes]::text[], ARRAY[:suppliers]::uuid[])
                AS v(id, sku, sku_norm, name, brand, unit, sale_price, cost, barcode, supplier_id)`,
        {
          now: cx.now,
          ids: col(fresh, (r) => ids.get(r.skuNorm)!),
          skus: col(fresh, (r) => r.sku),
          norms: col(fresh, (r) => r.skuNorm),
          names: col(fresh, (r) => r.name),
          brands: col(fresh, (r) => r.brand),
          units: col(fresh, (r) => r.unit),
          prices: col(fresh, (r) => (r.salePrice === null ? null : String(r.salePrice))),
          costs: col(fresh, (r) => (r.cost === null ? null : String(r.cost))),
          barcodes: col(fresh, (r) => r.barcode),
          suppliers: col(fresh, (r) => (r.supplier ? supplierIds.get(r.supplier.toLowerCase())! : null)),
        },
      );
      summary.partsCreated += fresh.length;
    }
    if (old.length) {
      await execute(
        cx,
        `UPDATE parts p SET name = v.name, brand = coalesce(v.brand, p.brand), unit = coalesce(v.unit, p.unit),
                sale_price = coalesce(v.sale_price, p.sale_price),
                cost = CASE WHEN v.cost IS NOT NULL AND v.no_stock THEN v.cost ELSE p.cost END,
                barcode = coalesce(v.barcode, p.barcode), default_supplier_id = coalesce(v.supplier_id, p.default_supplier_id), updated_at = :now
           FROM unnest(ARRAY[:ids]::uuid[], ARRAY[:names]::text[], ARRAY[:brands]::text[], ARRAY[:units]::text[], ARRAY[:prices]::bigint[],
                       ARRAY[:costs]::bigint[], ARRAY[:noStock]::boolean[], ARRAY[:barcodes]::text[], ARRAY[:suppliers]::uuid[])
                AS v(id, name, brand, unit, sale_price, cost, no_stock, barcode, supplier_id)
          WHERE p.id = v.id`,
        {
          now: cx.now,
          ids: col(old, (r) => ids.get(r.skuNorm)!),
          names: col(old, (r) => r.name),
          brands: col(old, (r) => r.brand),
          units: col(old, (r) => r.unit),
          prices: col(old, (r) => (r.salePrice === null ? null : String(r.salePrice))),
          costs: col(old, (r) => (r.cost === null ? null : String(r.cost))),
          noStock: col(old, (r) => Number(known.get(r.skuNorm)!.on_hand ?? 0) === 0),
          barcodes: col(old, (r) => r.barcode),
          suppliers: col(old, (r) => (r.supplier ? supplierIds.get(r.supplier.toLowerCase())! : null)),
        },
      );
      summary.partsUpdated += old.length;
    }
    summary.numbersAdded += await addNumbers(cx, chunk, ids);
    summary.crossReferencesAdded += await addAnalogues(cx, chunk);
    written += chunk.length;
    await onProgress(written);
  }
  await recordAudit(cx, {
    action: 'catalogue.imported',
    entityType: 'import',
    entityId: importId,
    after: summary,
  });
  cx.emit({ type: 'catalogue.changed', partIds: [] });
  return summary;
}

async function ensureSuppliers(
  cx: CommandContext,
  rows: readonly Numbered<CatalogueRow>[],
  summary: CatalogueImportSummary,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const { data } of rows) if (data.supplier) names.set(data.supplier.toLowerCase(), data.supplier);
  const ids = new Map<string, string>();
  if (names.size === 0) return ids;
  const found = await select<{ id: string; key: string }>(
    cx,
    `SELECT id, lower(name) AS key FROM suppliers WHERE lower(name) IN (:keys)`,
    { keys: [...names.keys()] },
  );
  for (const f of found) ids.set(f.key, f.id);
  for (const [key, name] of names) {
    if (ids.has(key)) continue;
    const id = newId();
    await execute(
      cx,
      `INSERT INTO suppliers (id, name, active, created_at, updated_at) VALUES (:id, :name, true, :now, :now)`,
      { id, name, now: cx.now },
    );
    ids.set(key, id);
    summary.suppliersCreated += 1;
  }
  return ids;
}

async function addNumbers(
  cx: CommandContext,
  chunk: CatalogueRow[],
  ids: Map<string, string>,
): Promise<number> {
  const rows: Array<{ partId: string; kind: string; brand: string | null; number: string; norm: string }> =
    [];
  for (const r of chunk) {
    const partId = ids.get(r.skuNorm)!;
    rows.push({ partId, kind: 'sku', brand: null, number: r.sku, norm: r.skuNorm });
    if (r.article)
      rows.push({
        partId,
        kind: 'article',
        brand: r.brand,
        number: r.article,
        norm: normalizeNumber(r.article),
      });
    for (const o of r.oem)
      rows.push({ partId, kind: 'oem', brand: o.brand, number: o.number, norm: normalizeNumber(o.number) });
  }
  const inserted = await select<{ kind: string }>(
    cx,
    `INSERT INTO part_numbers (id, part_id, kind, brand, number, number_norm)
     SELECT v.id, v.part_id, v.kind, v.brand, v.number, v.norm
       FROM unnest(ARRAY[:ids]::uuid[], ARRAY[:parts]::uuid[], ARRAY[:kinds]::text[], ARRAY[:brands]::text[], ARRAY[:numbers]::text[], ARRAY[:norms]::text[])
            AS v(id, part_id, kind, brand, number, norm)
     ON CONFLICT DO NOTHING
     RETURNING kind`,
    {
      ids: rows.map(() => newId()),
      parts: rows.map((r) => r.partId),
      kinds: rows.map((r) => r.kind),
      brands: rows.map((r) => r.brand),
      numbers: rows.map((r) => r.number),
      norms: rows.map((r) => r.norm),
    },
  );
  // SKU rows are bookkeeping for the search, not numbers a person added.
  return inserted.filter((r) => r.kind !== 'sku').length;
}

async function addAnalogues(cx: CommandContext, chunk: CatalogueRow[]): Promise<number> {
  const pairs = new Map<
    string,
    {
      brandA: string | null;
      numberA: string;
      normA: string;
      brandB: string | null;
      numberB: string;
      normB: string;
    }
  >();
  for (const r of chunk) {
    const own = { brand: r.brand, number: r.article ?? r.sku, norm: normalizeNumber(r.article ?? r.sku) };
    for (const a of r.analogues) {
      const other = { brand: a.brand, number: a.number, norm: normalizeNumber(a.number) };
      if (other.norm === own.norm) continue;
      const [x, y] = compareNormalized(own.norm, other.norm) < 0 ? [own, other] : [other, own];
      pairs.set(`${x.norm}|${y.norm}`, {
        brandA: x.brand,
        numberA: x.number,
        normA: x.norm,
        brandB: y.brand,
        numberB: y.number,
        normB: y.norm,
      });
    }
  }
  if (pairs.size === 0) return 0;
  const list = [...pairs.values()];
  const inserted = await select<{ id: string }>(
    cx,
    `INSERT INTO cross_references (id, brand_a, number_a, norm_a, brand_b, number_b, norm_b, source, created_at)
     SELECT v.id, v.brand_a, v.number_a, v.norm_a, v.brand_b, v.number_b, v.norm_b, 'import', :now
       FROM unnest(ARRAY[:ids]::uuid[], ARRAY[:brandsA]::text[], ARRAY[:numbersA]::text[], ARRAY[:normsA]::text[],
                   ARRAY[:brandsB]::text[], ARRAY[:numbersB]::text[], ARRAY[:normsB]::text[])
            AS v(id, brand_a, number_a, norm_a, brand_b, number_b, norm_b)
     ON CONFLICT (norm_a, norm_b) DO NOTHING
     RETURNING id`,
    {
      now: cx.now,
      ids: list.map(() => newId()),
      brandsA: list.map((p) => p.brandA),
      numbersA: list.map((p) => p.numberA),
      normsA: list.map((p) => p.normA),
      brandsB: list.map((p) => p.brandB),
      numbersB: list.map((p) => p.numberB),
      normsB: list.map((p) => p.normB),
    },
  );
  return inserted.length;
}

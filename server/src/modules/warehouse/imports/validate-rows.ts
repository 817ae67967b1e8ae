import type { ImportRowErrorDto } from '../../../contracts/warehouse.ts';
import { select, type Executor } from '../db.ts';
import type { CatalogueRow, StockRow } from '../rules/import-fields.ts';

export interface Numbered<T> {
  row: number;
  data: T;
}

const CHUNK = 5000;

async function inChunks<T, R>(items: readonly T[], work: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await work(items.slice(i, i + CHUNK))));
  return out;
}

/** Checks across rows and against the database: a SKU once per file, a barcode on one part only. */
export async function validateCatalogue(
  ex: Executor,
  rows: readonly Numbered<CatalogueRow>[],
  mapping: Record<string, string>,
): Promise<ImportRowErrorDto[]> {
  const errors: ImportRowErrorDto[] = [];
  const firstSku = new Map<string, number>();
  const barcodeOwner = new Map<string, { sku: string; row: number }>();
  for (const { row, data } of rows) {
    const seen = firstSku.get(data.skuNorm);
    if (seen !== undefined)
      errors.push({
        row,
        column: mapping.sku ?? null,
        message: `the SKU ${data.sku} is already on row ${seen}`,
      });
    else firstSku.set(data.skuNorm, row);
    if (data.barcode) {
      const other = barcodeOwner.get(data.barcode);
      if (other && other.sku !== data.skuNorm)
        errors.push({
          row,
          column: mapping.barcode ?? null,
          message: `the barcode is already on row ${other.row}`,
        });
      else barcodeOwner.set(data.barcode, { sku: data.skuNorm, row });
    }
  }
  const barcodes = [...barcodeOwner.keys()];
  const taken = await inChunks(barcodes, (chunk) =>
    select<{ barcode: string; sku_norm: string; sku: string }>(
      ex,
      `SELECT barcode, sku_norm, sku FROM parts WHERE barcode IN (:chunk)`,
      { chunk },
    ),
  );
  for (const t of taken) {
    const owner = barcodeOwner.get(t.barcode)!;
    if (owner.sku !== t.sku_norm)
      errors.push({
        row: owner.row,
        column: mapping.barcode ?? null,
        message: `the barcode is already on part ${t.sku}`,
      });
  }
  return errors;
}

export interface ResolvedStockRow extends StockRow {
  partId: string;
  locationId: string;
}

/** Every SKU and location must exist; a part's opening stock at a location is set once, before any movement. */
export async function validateStock(
  ex: Executor,
  rows: readonly Numbered<StockRow>[],
  mapping: Record<string, string>,
): Promise<{ errors: ImportRowErrorDto[]; resolved: Array<Numbered<ResolvedStockRow>> }> {
  const errors: ImportRowErrorDto[] = [];
  const norms = [...new Set(rows.map((r) => r.data.skuNorm))];
  const parts = await inChunks(norms, (chunk) =>
    select<{ id: string; sku_norm: string }>(
      ex,
      `SELECT id, sku_norm FROM parts WHERE sku_norm IN (:chunk)`,
      { chunk },
    ),
  );
  const partOf = new Map(parts.map((p) => [p.sku_norm, p.id]));
  const locations = await select<{ id: string; code: string; active: boolean }>(
    ex,
    `SELECT id, code, active FROM stock_locations`,
  );
  const locationOf = new Map(locations.map((l) => [l.code.toUpperCase(), l]));
  const resolved: Array<Numbered<ResolvedStockRow>> = [];
  const first = new Map<string, number>();
  for (const { row, data } of rows) {
    const partId = partOf.get(data.skuNorm);
    const location = locationOf.get(data.location.toUpperCase());
    if (!partId)
      errors.push({
        row,
        column: mapping.sku ?? null,
        message: `no part has the SKU ${data.sku}: import the catalogue first`,
      });
    if (!location)
      errors.push({
        row,
        column: mapping.location ?? null,
        message: `no stock location has the code ${data.location}`,
      });
    else if (!location.active)
      errors.push({
        row,
        column: mapping.location ?? null,
        message: `the location ${location.code} is not active`,
      });
    if (!partId || !location || !location.active) continue;
    const key = `${partId}|${location.id}`;
    const seen = first.get(key);
    if (seen !== undefined) {
      errors.push({
        row,
        column: mapping.sku ?? null,
        message: `${data.sku} at ${location.code} is already on row ${seen}`,
      });
      continue;
    }
    first.set(key, row);
    resolved.push({ row, data: { ...data, partId, locationId: location.id } });
  }
  const withStock = resolved.filter((r) => r.data.quantity > 0);
  const history = await inChunks(withStock, (chunk) =>
    select<{ part_id: string; location_id: string }>(
      ex,
      `SELECT DISTINCT m.part_id, m.location_id FROM stock_movements m
         JOIN unnest(ARRAY[:parts]::uuid[], ARRAY[:locations]::uuid[]) AS k(part_id, location_id)
           ON m.part_id = k.part_id AND m.location_id = k.location_id`,
      { parts: chunk.map((r) => r.data.partId), locations: chunk.map((r) => r.data.locationId) },
    ),
  );
  const moved = new Set(history.map((h) => `${h.part_id}|${h.location_id}`));
  for (const r of withStock) {
    if (moved.has(`${r.data.partId}|${r.data.locationId}`)) {
      errors.push({
        row: r.row,
        column: mapping.quantity ?? null,
        message: `${r.data.sku} at ${r.data.location} already has stock movements: count it with a stocktake instead`,
      });
    }
  }
  return { errors, resolved };
}

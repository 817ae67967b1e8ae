import { PART_UNITS, type PartUnit } from '../../../contracts/warehouse.ts';
import { parseMoneyText } from './money.ts';
import { normalizeBarcode, normalizeNumber } from './normalize-number.ts';
import { parseQuantityText } from './quantity.ts';

export type ImportKind = 'catalogue' | 'stock';

export interface FieldSpec {
  field: string;
  required: boolean;
  /** Header names (lower case, any language) that map to this field without asking. */
  aliases: readonly string[];
}

export const IMPORT_FIELDS: Record<ImportKind, readonly FieldSpec[]> = {
  catalogue: [
    { field: 'sku', required: true, aliases: ['sku', 'code', 'item code', 'артикул', 'код', 'код товара'] },
    {
      field: 'name',
      required: true,
      aliases: ['name', 'description', 'title', 'наименование', 'название', 'товар'],
    },
    {
      field: 'brand',
      required: false,
      aliases: ['brand', 'make', 'manufacturer', 'бренд', 'производитель', 'марка'],
    },
    {
      field: 'article',
      required: false,
      aliases: ['article', 'part number', 'part no', 'number', 'номер', 'каталожный номер'],
    },
    {
      field: 'oem',
      required: false,
      aliases: ['oem', 'oem numbers', 'oem number', 'оригинальный номер', 'оем'],
    },
    {
      field: 'analogues',
      required: false,
      aliases: ['analogues', 'analogs', 'cross', 'cross references', 'аналоги', 'кроссы'],
    },
    { field: 'unit', required: false, aliases: ['unit', 'uom', 'ед', 'ед.', 'единица', 'ед. изм.'] },
    {
      field: 'salePrice',
      required: false,
      aliases: ['price', 'sale price', 'retail', 'цена', 'цена продажи'],
    },
    {
      field: 'cost',
      required: false,
      aliases: ['cost', 'purchase price', 'себестоимость', 'закупочная цена', 'закупка'],
    },
    { field: 'barcode', required: false, aliases: ['barcode', 'ean', 'штрихкод', 'штрих-код'] },
    { field: 'supplier', required: false, aliases: ['supplier', 'vendor', 'поставщик'] },
  ],
  stock: [
    { field: 'sku', required: true, aliases: ['sku', 'code', 'item code', 'артикул', 'код'] },
    {
      field: 'location',
      required: true,
      aliases: ['location', 'bin', 'shelf', 'warehouse', 'место', 'склад', 'ячейка'],
    },
    {
      field: 'quantity',
      required: true,
      aliases: ['quantity', 'qty', 'on hand', 'stock', 'количество', 'кол-во', 'остаток'],
    },
    {
      field: 'unitCost',
      required: false,
      aliases: ['cost', 'unit cost', 'purchase price', 'себестоимость', 'закупочная цена'],
    },
    { field: 'min', required: false, aliases: ['min', 'minimum', 'мин', 'минимум'] },
    { field: 'max', required: false, aliases: ['max', 'maximum', 'макс', 'максимум'] },
  ],
};

/** Guesses our field → the file's column from the header names. */
export function suggestMapping(kind: ImportKind, columns: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  const used = new Set<string>();
  for (const spec of IMPORT_FIELDS[kind]) {
    const column = columns.find((c) => !used.has(c) && spec.aliases.includes(c.trim().toLowerCase()));
    if (column !== undefined) {
      mapping[spec.field] = column;
      used.add(column);
    }
  }
  return mapping;
}

/** Problems with the mapping itself: unknown fields, missing required ones, columns not in the file. */
export function mappingProblems(
  kind: ImportKind,
  mapping: Record<string, string>,
  columns: readonly string[],
): string[] {
  const problems: string[] = [];
  const known = new Set(IMPORT_FIELDS[kind].map((f) => f.field));
  for (const [field, column] of Object.entries(mapping)) {
    if (!known.has(field)) problems.push(`mapping.${field}: is not a field of a ${kind} import`);
    else if (!columns.includes(column)) problems.push(`mapping.${field}: the file has no column "${column}"`);
  }
  for (const spec of IMPORT_FIELDS[kind])
    if (spec.required && !mapping[spec.field]) problems.push(`mapping.${spec.field}: is required`);
  return problems;
}

export interface CellError {
  column: string | null;
  message: string;
}

export interface CatalogueRow {
  sku: string;
  skuNorm: string;
  name: string;
  brand: string | null;
  article: string | null;
  oem: Array<{ brand: string | null; number: string }>;
  analogues: Array<{ brand: string | null; number: string }>;
  unit: PartUnit | null;
  salePrice: number | null;
  cost: number | null;
  barcode: string | null;
  supplier: string | null;
}

export interface StockRow {
  sku: string;
  skuNorm: string;
  location: string;
  quantity: number;
  unitCost: number | null;
  min: number | null;
  max: number | null;
}

type Parsed<T> = { ok: true; row: T } | { ok: false; errors: CellError[] };

const UNIT_ALIASES: Record<string, PartUnit> = {
  pcs: 'pcs',
  pc: 'pcs',
  piece: 'pcs',
  pieces: 'pcs',
  шт: 'pcs',
  'шт.': 'pcs',
  ea: 'pcs',
  set: 'set',
  kit: 'set',
  компл: 'set',
  'компл.': 'set',
  'к-т': 'set',
  l: 'l',
  litre: 'l',
  liter: 'l',
  л: 'l',
  'л.': 'l',
  ml: 'ml',
  мл: 'ml',
  kg: 'kg',
  кг: 'kg',
  g: 'g',
  г: 'g',
  m: 'm',
  м: 'm',
};

/** "MANN:W 914/2; MAHLE:OC 456" or "W 914/2, OC 456" → brand/number pairs (the brand before a colon is optional). */
export function parseNumberList(text: string): Array<{ brand: string | null; number: string }> {
  return text
    .split(/[;,|\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const colon = s.indexOf(':');
      return colon > 0
        ? { brand: s.slice(0, colon).trim() || null, number: s.slice(colon + 1).trim() }
        : { brand: null, number: s };
    })
    .filter((n) => normalizeNumber(n.number).length > 0);
}

const cell = (
  values: Record<string, string>,
  mapping: Record<string, string>,
  field: string,
): { column: string | null; text: string } => {
  const column = mapping[field] ?? null;
  return { column, text: column === null ? '' : (values[column] ?? '').trim() };
};

/** One catalogue row, validated: every problem is reported with the file's column name. */
export function parseCatalogueRow(
  values: Record<string, string>,
  mapping: Record<string, string>,
  currencyDigits: number,
): Parsed<CatalogueRow> {
  const errors: CellError[] = [];
  const get = (field: string) => cell(values, mapping, field);
  const sku = get('sku');
  const skuNorm = normalizeNumber(sku.text);
  if (!sku.text) errors.push({ column: sku.column, message: 'the SKU is empty' });
  else if (!skuNorm) errors.push({ column: sku.column, message: 'the SKU has no letters or digits' });
  else if (sku.text.length > 64)
    errors.push({ column: sku.column, message: 'the SKU is longer than 64 characters' });
  const name = get('name');
  if (!name.text) errors.push({ column: name.column, message: 'the name is empty' });
  else if (name.text.length > 300)
    errors.push({ column: name.column, message: 'the name is longer than 300 characters' });
  const unitCell = get('unit');
  let unit: PartUnit | null = null;
  if (unitCell.text) {
    unit =
      UNIT_ALIASES[unitCell.text.toLowerCase()] ??
      ((PART_UNITS as readonly string[]).includes(unitCell.text) ? (unitCell.text as PartUnit) : null);
    if (!unit)
      errors.push({
        column: unitCell.column,
        message: `unknown unit "${unitCell.text}" (use ${PART_UNITS.join(', ')})`,
      });
  }
  const money = (field: string): number | null => {
    const c = get(field);
    if (!c.text) return null;
    const value = parseMoneyText(c.text, currencyDigits);
    if (value === null)
      errors.push({ column: c.column, message: `"${c.text}" is not an amount (like 1250.50)` });
    return value;
  };
  const salePrice = money('salePrice');
  const cost = money('cost');
  const barcodeCell = get('barcode');
  const barcode = barcodeCell.text ? normalizeBarcode(barcodeCell.text) : null;
  if (barcode && barcode.length > 64)
    errors.push({ column: barcodeCell.column, message: 'the barcode is longer than 64 characters' });
  const brand = get('brand').text || null;
  const article = get('article').text || null;
  if (article && !normalizeNumber(article))
    errors.push({ column: mapping.article ?? null, message: 'the number has no letters or digits' });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    row: {
      sku: sku.text,
      skuNorm,
      name: name.text,
      brand,
      article,
      oem: parseNumberList(get('oem').text),
      analogues: parseNumberList(get('analogues').text),
      unit,
      salePrice,
      cost,
      barcode,
      supplier: get('supplier').text || null,
    },
  };
}

/** One opening-stock row, validated. */
export function parseStockRow(
  values: Record<string, string>,
  mapping: Record<string, string>,
  currencyDigits: number,
): Parsed<StockRow> {
  const errors: CellError[] = [];
  const get = (field: string) => cell(values, mapping, field);
  const sku = get('sku');
  const skuNorm = normalizeNumber(sku.text);
  if (!skuNorm) errors.push({ column: sku.column, message: 'the SKU is empty' });
  const location = get('location');
  if (!location.text) errors.push({ column: location.column, message: 'the location code is empty' });
  const qty = (field: string, required: boolean): number | null => {
    const c = get(field);
    if (!c.text) {
      if (required) errors.push({ column: c.column, message: 'the quantity is empty' });
      return null;
    }
    const value = parseQuantityText(c.text);
    if (value === null || value < 0)
      errors.push({
        column: c.column,
        message: `"${c.text}" is not a quantity (zero or more, at most three decimals)`,
      });
    return value;
  };
  const quantity = qty('quantity', true);
  const min = qty('min', false);
  const max = qty('max', false);
  if (min !== null && max !== null && max < min)
    errors.push({ column: mapping.max ?? null, message: 'max is below min' });
  if ((min === null) !== (max === null))
    errors.push({
      column: mapping[min === null ? 'min' : 'max'] ?? null,
      message: 'give both min and max, or neither',
    });
  if (max === 0) errors.push({ column: mapping.max ?? null, message: 'max must be more than zero' });
  const costCell = get('unitCost');
  let unitCost: number | null = null;
  if (costCell.text) {
    unitCost = parseMoneyText(costCell.text, currencyDigits);
    if (unitCost === null)
      errors.push({ column: costCell.column, message: `"${costCell.text}" is not an amount (like 1250.50)` });
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    row: { sku: sku.text, skuNorm, location: location.text, quantity: quantity!, unitCost, min, max },
  };
}

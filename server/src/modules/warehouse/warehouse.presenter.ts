import type {
  LocationDto,
  PartDto,
  PartNumberDto,
  StockFigures,
  SupplierDto,
} from '../../contracts/warehouse.ts';
import { iso } from './db.ts';
import type { Part, PartNumber, StockLocation, Supplier } from './models/index.ts';
import { milliFromDb, milliToNumber } from './rules/quantity.ts';

const KIND_ORDER = { sku: 0, article: 1, oem: 2 } as const;

export function presentNumbers(numbers: readonly PartNumber[]): PartNumberDto[] {
  return [...numbers]
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.number.localeCompare(b.number))
    .map((n) => ({ kind: n.kind, brand: n.brand, number: n.number }));
}

export function presentPartRow(part: Part): Omit<PartDto, 'numbers'> {
  return {
    id: part.id,
    sku: part.sku,
    name: part.name,
    brand: part.brand,
    unit: part.unit,
    salePrice: Number(part.salePrice),
    cost: Number(part.cost),
    barcode: part.barcode,
    defaultSupplierId: part.defaultSupplierId,
    note: part.note,
    active: part.active,
    createdAt: iso(part.createdAt)!,
    updatedAt: iso(part.updatedAt)!,
  };
}

export function presentPart(part: Part, numbers: readonly PartNumber[]): PartDto {
  return { ...presentPartRow(part), numbers: presentNumbers(numbers) };
}

/** A raw `parts` row (snake_case from SQL) to the part DTO fields. */
export function presentPartSqlRow(r: Record<string, unknown>): Omit<PartDto, 'numbers'> {
  return {
    id: r.id as string,
    sku: r.sku as string,
    name: r.name as string,
    brand: (r.brand as string | null) ?? null,
    unit: r.unit as PartDto['unit'],
    salePrice: Number(r.sale_price),
    cost: Number(r.cost),
    barcode: (r.barcode as string | null) ?? null,
    defaultSupplierId: (r.default_supplier_id as string | null) ?? null,
    note: (r.note as string | null) ?? null,
    active: r.active as boolean,
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
  };
}

export function stockFigures(
  onHand: string | number | null | undefined,
  reserved: string | number | null | undefined,
): StockFigures {
  const h = milliFromDb(onHand ?? '0');
  const r = milliFromDb(reserved ?? '0');
  return { onHand: milliToNumber(h), reserved: milliToNumber(r), available: milliToNumber(h - r) };
}

export function presentLocation(l: StockLocation): LocationDto {
  return {
    id: l.id,
    code: l.code,
    name: l.name,
    kind: l.kind,
    parentId: l.parentId,
    isDefault: l.isDefault,
    active: l.active,
  };
}

export function presentSupplier(s: Supplier): SupplierDto {
  return {
    id: s.id,
    name: s.name,
    contactName: s.contactName,
    phone: s.phone,
    email: s.email,
    note: s.note,
    leadTimeDays: s.leadTimeDays,
    active: s.active,
  };
}

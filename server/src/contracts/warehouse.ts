/**
 * Warehouse JSON shapes and domain events. Quantities are numbers with at most three decimals
 * (4.5 litres of oil); money is integer minor units of the station's currency.
 */

export const PART_UNITS = ['pcs', 'set', 'l', 'ml', 'kg', 'g', 'm'] as const;
export type PartUnit = (typeof PART_UNITS)[number];

export const LOCATION_KINDS = ['warehouse', 'shelf', 'bin', 'van'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const MOVEMENT_KINDS = [
  'opening',
  'receipt',
  'issue',
  'return',
  'transfer_out',
  'transfer_in',
  'adjustment',
  'stocktake',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const PART_NUMBER_KINDS = ['sku', 'article', 'oem'] as const;
export type PartNumberKind = (typeof PART_NUMBER_KINDS)[number];

export const PURCHASE_ORDER_STATUSES = ['draft', 'sent', 'partly_received', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export interface StockFigures {
  onHand: number;
  reserved: number;
  available: number;
}

export interface PartNumberDto {
  kind: PartNumberKind;
  brand: string | null;
  number: string;
}

export interface PartDto {
  id: string;
  sku: string;
  name: string;
  brand: string | null;
  unit: PartUnit;
  salePrice: number;
  cost: number;
  barcode: string | null;
  defaultSupplierId: string | null;
  note: string | null;
  active: boolean;
  numbers: PartNumberDto[];
  createdAt: string;
  updatedAt: string;
}

export type SearchMatchKind = PartNumberKind | 'barcode' | 'analogue' | 'name';

export interface PartSearchHitDto {
  part: Omit<PartDto, 'numbers'>;
  match: { kind: SearchMatchKind; number: string | null; via: string | null; exact: boolean };
  stock: StockFigures;
}

export interface CrossReferenceDto {
  id: string;
  /** The number on the part's side of the pair. */
  number: string;
  brand: string | null;
  /** The analogue's number and brand. */
  analogueNumber: string;
  analogueBrand: string | null;
  /** Parts in the catalogue that carry the analogue's number. */
  parts: Array<{ id: string; sku: string; name: string; brand: string | null; stock: StockFigures }>;
  source: string | null;
}

export interface LocationStockDto extends StockFigures {
  locationId: string;
  locationCode: string;
  locationName: string;
  min: number | null;
  max: number | null;
  lastMovementAt: string | null;
}

export interface PartCardDto extends PartDto {
  stock: StockFigures;
  locations: LocationStockDto[];
  crossReferences: CrossReferenceDto[];
  openDemand: number;
  onOrder: number;
}

export interface LocationDto {
  id: string;
  code: string;
  name: string;
  kind: LocationKind;
  parentId: string | null;
  isDefault: boolean;
  active: boolean;
}

export interface MovementDto {
  id: string;
  seq: number;
  at: string;
  partId: string;
  locationId: string;
  locationCode: string;
  kind: MovementKind;
  quantity: number;
  unitCost: number;
  documentType: string | null;
  documentId: string | null;
  lineId: string | null;
  partsRequestId: string | null;
  reason: string | null;
  actorName: string | null;
  /** On hand at this location after the movement. */
  balance: number;
}

export interface SupplierDto {
  id: string;
  name: string;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  note: string | null;
  leadTimeDays: number | null;
  active: boolean;
}

export interface PurchaseOrderLineDto {
  id: string;
  partId: string;
  sku: string;
  name: string;
  quantity: number;
  receivedQuantity: number;
  unitCost: number;
}

export interface PurchaseOrderDto {
  id: string;
  number: string;
  supplierId: string;
  supplierName: string;
  locationId: string;
  status: PurchaseOrderStatus;
  note: string | null;
  lines: PurchaseOrderLineDto[];
  total: number;
  sentAt: string | null;
  receivedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReceiptDto {
  id: string;
  number: string;
  supplierId: string | null;
  purchaseOrderId: string | null;
  locationId: string;
  supplierDocument: string | null;
  note: string | null;
  receivedAt: string;
  lines: Array<{ partId: string; sku: string; name: string; quantity: number; unitCost: number }>;
  total: number;
  /** Repair orders whose waiting parts this receipt covered (their customers are to be told). */
  arrivals: Array<{ orderId: string; customerId: string | null; partIds: string[] }>;
}

export interface ReorderSuggestionDto {
  partId: string;
  sku: string;
  name: string;
  brand: string | null;
  supplierId: string | null;
  supplierName: string | null;
  onHand: number;
  reserved: number;
  available: number;
  min: number;
  max: number;
  openDemand: number;
  onOrder: number;
  quantity: number;
  unitCost: number;
}

export interface DeadStockRowDto {
  partId: string;
  sku: string;
  name: string;
  brand: string | null;
  onHand: number;
  unitCost: number;
  value: number;
  lastMovementAt: string | null;
  idleDays: number | null;
}

export interface StocktakeLineDto {
  partId: string;
  sku: string;
  name: string;
  expected: number;
  onHand: number;
  counted: number | null;
  variance: number | null;
  posted: number | null;
}

export interface StocktakeDto {
  id: string;
  number: string;
  locationId: string;
  status: 'open' | 'posted' | 'cancelled';
  note: string | null;
  lines: StocktakeLineDto[];
  createdAt: string;
  postedAt: string | null;
}

export interface ImportRowErrorDto {
  row: number;
  column: string | null;
  message: string;
}

export interface ImportJobDto {
  id: string;
  kind: 'catalogue' | 'stock';
  format: 'csv' | 'xlsx';
  fileName: string;
  status: 'uploaded' | 'validating' | 'writing' | 'completed' | 'rejected' | 'failed';
  /** 0–100, from the bytes read while validating and the rows written while writing. */
  percent: number;
  rowsRead: number;
  rowsWritten: number;
  errorCount: number;
  errors: ImportRowErrorDto[];
  summary: Record<string, number> | null;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportPreviewDto {
  job: ImportJobDto;
  columns: string[];
  rows: Array<Record<string, string>>;
  /** Our field → the file's column, guessed from the header names. */
  suggestedMapping: Record<string, string>;
  fields: Array<{ field: string; required: boolean }>;
}

export interface LineReservationDto {
  lineId: string;
  orderId: string;
  partId: string | null;
  /** Null while the warehouse has not been told about the line yet. */
  locationId: string | null;
  needed: number;
  reserved: number;
  issued: number;
  shortage: number;
}

export interface PartsRequestItemDto {
  id: string;
  partLineId: string | null;
  partId: string | null;
  sku: string | null;
  name: string | null;
  quantity: number | null;
  description: string | null;
  issuedQuantity: number;
  stock: StockFigures | null;
}

export interface PartsRequestDto {
  id: string;
  number: string;
  orderId: string;
  orderNumber: string | null;
  jobId: string;
  jobName: string | null;
  liftId: string | null;
  liftCode: string | null;
  status: 'open' | 'issued' | 'cancelled';
  note: string | null;
  requestedBy: string | null;
  requestedAt: string;
  issuedAt: string | null;
  /** Seconds from the request to the issue (kept), or waited so far for an open request. */
  waitSeconds: number;
  items: PartsRequestItemDto[];
}

/** Domain events the warehouse emits (published after commit on the event bus). */
export type PartsRequestedEvent = {
  type: 'parts.requested';
  requestId: string;
  orderId: string;
  lineId: string;
  liftId: string | null;
  partLineIds: string[];
  requestedAt: string;
};

export type PartsIssuedEvent = {
  type: 'parts.issued';
  requestId: string;
  orderId: string;
  /** The job (labour line) the parts were requested for: its `parts` wait ends now. */
  lineId: string;
  partLineIds: string[];
  issuedAt: string;
};

export type PartsRequestCancelledEvent = {
  type: 'parts.request_cancelled';
  requestId: string;
  orderId: string;
  lineId: string;
  cancelledAt: string;
};

export type PartsArrivedEvent = {
  type: 'parts.arrived';
  orderId: string;
  customerId: string | null;
  partIds: string[];
};

export type StockChangedEvent = {
  type: 'stock.changed';
  partIds: string[];
  locationIds: string[];
};

export type WarehouseEvent =
  PartsRequestedEvent | PartsIssuedEvent | PartsRequestCancelledEvent | PartsArrivedEvent | StockChangedEvent;

import { z } from 'zod';
import { LOCATION_KINDS, PART_UNITS, PURCHASE_ORDER_STATUSES } from '../../contracts/warehouse.ts';
import { pageQuery } from '../../platform/http/pagination.ts';
import { MAX_QTY, toMilli } from './rules/quantity.ts';

const uuid = z.uuid('must be an id');
const name = z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters');
const optionalText = (max = 1000) =>
  z.string().trim().max(max, `must be at most ${max} characters`).nullable().optional();
const number = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');
const brand = z.string().trim().min(1, 'must not be empty').max(100).nullable().optional();
export const money = z
  .number('must be a number')
  .int('must be whole minor units')
  .min(0, 'must not be negative')
  .max(1e12, 'is too large');

const threeDecimals = (v: number) => toMilli(v) !== null;
/** A quantity > 0 with at most three decimals. */
export const quantity = z
  .number('must be a number')
  .positive('must be more than zero')
  .max(MAX_QTY, 'is too large')
  .refine(threeDecimals, 'must have at most three decimals');
/** A quantity ≥ 0 (a count, a line that needs nothing any more). */
export const quantityOrZero = z
  .number('must be a number')
  .min(0, 'must not be negative')
  .max(MAX_QTY, 'is too large')
  .refine(threeDecimals, 'must have at most three decimals');
/** A signed quantity ≠ 0 (an adjustment). */
export const signedQuantity = z
  .number('must be a number')
  .min(-MAX_QTY, 'is too large')
  .max(MAX_QTY, 'is too large')
  .refine((v) => v !== 0, 'must not be zero')
  .refine(threeDecimals, 'must have at most three decimals');

export const idParam = z.object({ id: uuid });
const barcode = z
  .string()
  .transform((s) => s.replace(/[\s\r\n\t]/g, ''))
  .pipe(z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'))
  .nullable()
  .optional();

const partNumberInput = z.strictObject({ kind: z.enum(['article', 'oem']), brand, number });

export const createPartBody = z.strictObject({
  sku: number,
  name,
  brand,
  unit: z.enum(PART_UNITS).optional(),
  salePrice: money.optional(),
  cost: money.optional(),
  barcode,
  defaultSupplierId: uuid.nullable().optional(),
  note: optionalText(),
  numbers: z.array(partNumberInput).max(100).optional(),
  analogues: z
    .array(z.strictObject({ brand, number, ownNumber: number.optional() }))
    .max(500)
    .optional(),
});
export type CreatePartBody = z.infer<typeof createPartBody>;

export const updatePartBody = z
  .strictObject({
    sku: number.optional(),
    name: name.optional(),
    brand,
    unit: z.enum(PART_UNITS).optional(),
    salePrice: money.optional(),
    barcode,
    defaultSupplierId: uuid.nullable().optional(),
    note: optionalText(),
    active: z.boolean().optional(),
    numbers: z.array(partNumberInput).max(100).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export type UpdatePartBody = z.infer<typeof updatePartBody>;

export const crossReferenceBody = z.strictObject({
  number,
  brand,
  analogueNumber: number,
  analogueBrand: brand,
  source: optionalText(100),
});

export const searchPartsQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    brand: z.string().trim().max(100).optional(),
    by: z.enum(['any', 'number', 'name']).default('any'),
    inStock: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .loose();

export const stockLimitBody = z
  .strictObject({ locationId: uuid, min: quantityOrZero, max: quantity })
  .refine((v) => v.max >= v.min, { message: 'must be at least min', path: ['max'] });

export const locationBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,32}$/, 'must be 1–32 letters, digits, dots, dashes or underscores'),
  name,
  kind: z.enum(LOCATION_KINDS),
  parentId: uuid.nullable().optional(),
  isDefault: z.boolean().optional(),
});
export const updateLocationBody = z
  .strictObject({
    name: name.optional(),
    parentId: uuid.nullable().optional(),
    isDefault: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const supplierBody = z.strictObject({
  name,
  contactName: optionalText(200),
  phone: optionalText(50),
  email: z.email('must be an e-mail address').nullable().optional(),
  note: optionalText(),
  leadTimeDays: z.number().int().min(0).max(365).nullable().optional(),
});
export const updateSupplierBody = supplierBody
  .partial()
  .extend({ active: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const adjustBody = z.strictObject({
  partId: uuid,
  locationId: uuid,
  quantity: signedQuantity,
  reason: z.string().trim().min(1, 'is required').max(500),
});

export const transferBody = z
  .strictObject({
    fromLocationId: uuid,
    toLocationId: uuid,
    items: z
      .array(z.strictObject({ partId: uuid, quantity }))
      .min(1, 'give at least one part')
      .max(500),
    note: optionalText(500),
  })
  .refine((v) => v.fromLocationId !== v.toLocationId, {
    message: 'must differ from fromLocationId',
    path: ['toLocationId'],
  });

export const receiptBody = z.strictObject({
  purchaseOrderId: uuid.nullable().optional(),
  supplierId: uuid.nullable().optional(),
  locationId: uuid.nullable().optional(),
  supplierDocument: optionalText(100),
  note: optionalText(500),
  lines: z
    .array(z.strictObject({ partId: uuid, quantity, unitCost: money.optional() }))
    .min(1, 'give at least one line')
    .max(1000),
});
export type ReceiptBody = z.infer<typeof receiptBody>;

const poLine = z.strictObject({ partId: uuid, quantity, unitCost: money.optional() });
export const purchaseOrderBody = z.strictObject({
  supplierId: uuid,
  locationId: uuid.nullable().optional(),
  note: optionalText(500),
  lines: z.array(poLine).min(1, 'give at least one line').max(1000),
});
export const updatePurchaseOrderBody = z
  .strictObject({
    note: optionalText(500),
    locationId: uuid.optional(),
    lines: z.array(poLine).min(1, 'give at least one line').max(1000).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export const cancelBody = z.strictObject({ reason: z.string().trim().min(1, 'is required').max(500) });
export const listPurchaseOrdersQuery = pageQuery.extend({
  status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
  supplierId: uuid.optional(),
});

export const fromSuggestionsBody = z.strictObject({
  /** Only these parts (default: every suggestion that has a supplier). */
  partIds: z.array(uuid).max(5000).optional(),
  locationId: uuid.nullable().optional(),
});

export const deadStockQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(3650).default(180),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .loose();

export const ledgerQuery = pageQuery.extend({ locationId: uuid.optional() });
export const levelsQuery = pageQuery.extend({
  locationId: uuid.optional(),
  belowMin: z.enum(['true', 'false']).optional(),
});

export const openStocktakeBody = z.strictObject({ locationId: uuid, note: optionalText(500) });
export const countBody = z.strictObject({
  counts: z
    .array(z.strictObject({ partId: uuid, counted: quantityOrZero.nullable() }))
    .min(1, 'give at least one count')
    .max(5000),
});

export const reserveBody = z.strictObject({
  lineId: uuid,
  orderId: uuid,
  partId: uuid,
  quantity: quantityOrZero,
  locationId: uuid.nullable().optional(),
});
export const issueBody = z.strictObject({
  lineId: uuid,
  quantity: quantity.nullable().optional(),
  locationId: uuid.nullable().optional(),
});
export const returnBody = z.strictObject({
  lineId: uuid,
  quantity,
  locationId: uuid.nullable().optional(),
  reason: optionalText(500),
});

/** No items: the job's parts lines not yet issued. */
export const partsRequestBody = z.strictObject({
  orderId: uuid,
  jobId: uuid,
  liftId: uuid.nullable().optional(),
  note: optionalText(500),
  items: z
    .array(
      z
        .strictObject({
          partLineId: uuid.optional(),
          partId: uuid.optional(),
          quantity: quantity.optional(),
          description: optionalText(300),
        })
        .refine(
          (i) => i.partLineId || i.partId || i.description,
          'give a parts line, a part or a description',
        ),
    )
    .max(50)
    .default([]),
});
export type PartsRequestBody = z.infer<typeof partsRequestBody>;

export const issueRequestBody = z.strictObject({
  /** Issue only these parts lines (default: every parts line of the request). */
  items: z
    .array(
      z.strictObject({
        partLineId: uuid,
        quantity: quantity.nullable().optional(),
        locationId: uuid.nullable().optional(),
      }),
    )
    .max(50)
    .optional(),
});
export const partsQueueQuery = z
  .object({
    status: z.enum(['open', 'issued', 'cancelled']).default('open'),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  })
  .loose();

export const IMPORT_KINDS = ['catalogue', 'stock'] as const;
export const importUploadQuery = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string().trim().min(1, 'is required').max(200),
    previewRows: z.coerce.number().int().min(1).max(100).default(20),
  })
  .loose();
export const runImportBody = z.strictObject({ mapping: z.record(z.string(), z.string().max(200)) });
export const importErrorsQuery = pageQuery;

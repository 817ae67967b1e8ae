import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.ts';
import { WAIT_REASONS } from './rules/job-state.ts';
import { quantityProblem } from './rules/money.ts';
import { ORDER_STATUSES } from './rules/order-status.ts';
import { normalizePhone } from './rules/phone.ts';
import { displayPlate, plateProblem } from './rules/plate.ts';
import { normalizeVin, vinProblem } from './rules/vin.ts';

const uuid = z.uuid('must be an id');
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const optionalText = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const email = z
  .email('must be an e-mail address')
  .max(254)
  .transform((v) => v.toLowerCase())
  .nullable()
  .optional();
const minor = z
  .number()
  .int('must be a whole number of minor units')
  .min(0, 'must not be negative')
  .max(1e13, 'is too large');
const basisPoints = z
  .number()
  .int('must be whole basis points')
  .min(0, 'must not be negative')
  .max(10_000, 'must be at most 10000 (100 %)');
const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{1,40}$/, 'must be 1–40 latin letters, digits or underscores');
const km = z
  .number()
  .int('must be whole kilometres')
  .min(0, 'must not be negative')
  .max(5_000_000, 'is too large');
const isoInstant = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date and time' })
  .transform((v) => new Date(v));

const vin = z
  .string()
  .transform((v, ctx) => {
    const normalized = normalizeVin(v);
    if (normalized === '') return null;
    const problem = vinProblem(normalized);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return normalized;
  })
  .nullable()
  .optional();

const plate = z
  .string()
  .max(32, 'must be at most 32 characters')
  .transform((v, ctx) => {
    if (v.trim() === '') return null;
    const problem = plateProblem(v);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return displayPlate(v);
  })
  .nullable()
  .optional();

/** A quantity as a decimal string or a number; never negative or zero, at most three decimals. */
export const quantity = z
  .union([z.string(), z.number()], { error: 'must be a number' })
  .transform((v, ctx) => {
    const text = typeof v === 'number' ? String(v) : v.trim();
    const problem = /^-\d/.test(text) ? 'must be greater than zero' : quantityProblem(text);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return text;
  });

/** Norm time as seconds or as decimal hours (stored as whole seconds). */
const normTime = {
  normSeconds: z
    .number()
    .int('must be whole seconds')
    .min(0, 'must not be negative')
    .max(1_000 * 3600)
    .optional(),
  normHours: z.number().min(0, 'must not be negative').max(1_000).optional(),
};
const toSeconds = <T extends { normSeconds?: number; normHours?: number }>(v: T) => {
  const { normHours, ...rest } = v;
  return {
    ...rest,
    normSeconds: v.normSeconds ?? (normHours !== undefined ? Math.round(normHours * 3600) : undefined),
  };
};

export function workshopSchemas(phoneRegion: string) {
  const phoneNumber = z
    .string()
    .max(40, 'must be at most 40 characters')
    .transform((v, ctx) => {
      const result = normalizePhone(v, phoneRegion);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.problem });
        return z.NEVER;
      }
      return result.e164;
    });
  const phone = z.strictObject({
    number: phoneNumber,
    label: optionalText(40),
    primary: z.boolean().optional(),
  });
  const phones = z.array(phone).max(10, 'at most 10 phones');
  const contact = z.strictObject({
    name,
    role: optionalText(100),
    email,
    notes: optionalText(),
    phones: phones.optional(),
  });
  const consents = z.strictObject({
    smsService: z.boolean().optional(),
    smsMarketing: z.boolean().optional(),
    emailService: z.boolean().optional(),
    emailMarketing: z.boolean().optional(),
  });
  const vehicleFields = {
    vin,
    plate,
    make: optionalText(60),
    model: optionalText(60),
    year: z
      .number()
      .int('must be a year')
      .min(1900, 'must be 1900 or later')
      .max(2100, 'must be 2100 or earlier')
      .nullable()
      .optional(),
    engine: optionalText(60),
    color: optionalText(40),
    notes: optionalText(),
  };
  const inlineVehicle = z.strictObject({ ...vehicleFields, mileageKm: km.optional() });
  const customerFields = {
    kind: z.enum(['individual', 'company']).default('individual'),
    name,
    email,
    taxId: optionalText(20),
    legalAddress: optionalText(300),
    notes: optionalText(),
    ownerId: uuid.nullable().optional(),
  };

  return {
    createCustomer: z.strictObject({
      ...customerFields,
      phones: phones.optional(),
      contacts: z.array(contact).max(20).optional(),
      consents: consents.optional(),
      vehicles: z.array(inlineVehicle).max(10).optional(),
      force: z.boolean().optional(),
    }),
    updateCustomer: z
      .strictObject({ ...customerFields, kind: z.enum(['individual', 'company']), phones })
      .partial()
      .refine((v) => Object.keys(v).length > 0, 'give at least one field to change'),
    contact,
    updateContact: contact
      .partial()
      .refine((v) => Object.keys(v).length > 0, 'give at least one field to change'),
    consents: consents.refine((v) => Object.keys(v).length > 0, 'give at least one consent'),
    createVehicle: z.strictObject({
      customerId: uuid,
      ...vehicleFields,
      mileageKm: km.optional(),
      force: z.boolean().optional(),
    }),
    updateVehicle: z
      .strictObject(vehicleFields)
      .partial()
      .refine((v) => Object.keys(v).length > 0, 'give at least one field to change'),
  };
}

export const idParam = z.object({ id: uuid });
export const lineParams = z.object({ id: uuid, lineId: uuid });
export const contactParams = z.object({ id: uuid, contactId: uuid });

export const searchCustomersQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  name: z.string().trim().max(100).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .refine((v) => v.replace(/\D/g, '').length >= 3, 'must have at least 3 digits')
    .optional(),
  plate: z.string().trim().min(2, 'must have at least 2 characters').max(32).optional(),
  vin: z.string().trim().min(3, 'must have at least 3 characters').max(17).optional(),
});

export const searchVehiclesQuery = pageQuery.extend({
  plate: z.string().trim().min(2, 'must have at least 2 characters').max(32).optional(),
  vin: z.string().trim().min(3, 'must have at least 3 characters').max(17).optional(),
  customerId: uuid.optional(),
});

export const mergeBody = z
  .strictObject({ targetId: uuid, sourceId: uuid })
  .refine((v) => v.targetId !== v.sourceId, { message: 'must differ from targetId', path: ['sourceId'] });

export const mileageBody = z.strictObject({
  km,
  readAt: isoInstant.optional(),
  confirmLowerMileage: z.boolean().optional(),
});
export const transferBody = z.strictObject({ customerId: uuid });

export const historyQuery = pageQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const historySectionParams = z.object({
  id: uuid,
  section: z.enum(['orders', 'payments', 'visits', 'declined', 'recommendations']),
});

export const createOrderBody = z.strictObject({
  customerId: uuid,
  vehicleId: uuid,
  mileageKm: km.optional(),
  confirmLowerMileage: z.boolean().optional(),
  complaint: optionalText(),
  notes: optionalText(),
  advisorId: uuid.nullable().optional(),
  discountBp: basisPoints.optional(),
});

export const updateOrderBody = z
  .strictObject({
    complaint: optionalText(),
    notes: optionalText(),
    advisorId: uuid.nullable().optional(),
    discountBp: basisPoints.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const listOrdersQuery = pageQuery.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional(),
  customerId: uuid.optional(),
  vehicleId: uuid.optional(),
  q: z.string().trim().max(40).optional(),
});

export const transitionBody = z.strictObject({
  to: z.enum(ORDER_STATUSES),
  reason: optionalText(500),
  allowCredit: z.boolean().optional(),
  creditNote: optionalText(500),
});

const jobShape = {
  name,
  jobKind: slug.nullable().optional(),
  ...normTime,
  pricing: z.enum(['hourly', 'fixed']),
  ratePerHourMinor: minor.nullable().optional(),
  fixedPriceMinor: minor.nullable().optional(),
  discountBp: basisPoints.optional(),
  notes: optionalText(),
};

function pricingIssues(
  v: { pricing?: 'hourly' | 'fixed'; ratePerHourMinor?: number | null; fixedPriceMinor?: number | null },
  ctx: z.RefinementCtx,
) {
  if (v.pricing === 'hourly' && (v.ratePerHourMinor === undefined || v.ratePerHourMinor === null)) {
    ctx.addIssue({ code: 'custom', message: 'is required for hourly pricing', path: ['ratePerHourMinor'] });
  }
  if (v.pricing === 'fixed' && (v.fixedPriceMinor === undefined || v.fixedPriceMinor === null)) {
    ctx.addIssue({ code: 'custom', message: 'is required for a fixed price', path: ['fixedPriceMinor'] });
  }
}

export const addJobBody = z
  .strictObject({
    ...jobShape,
    recommended: z.boolean().optional(),
    mechanicIds: z.array(uuid).max(10).optional(),
  })
  .superRefine((v, ctx) => {
    pricingIssues(v, ctx);
    if (v.normSeconds === undefined && v.normHours === undefined)
      ctx.addIssue({ code: 'custom', message: 'is required (or normHours)', path: ['normSeconds'] });
  })
  .transform(toSeconds);

export const updateJobBody = z
  .strictObject({ ...jobShape, name: name.optional(), pricing: jobShape.pricing.optional() })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change')
  .transform(toSeconds);

const partShape = {
  kind: z.enum(['part', 'consumable']).optional(),
  partId: uuid.nullable().optional(),
  sku: optionalText(60),
  name,
  quantity,
  unit: z.string().trim().min(1).max(12).optional(),
  unitPriceMinor: minor,
  discountBp: basisPoints.optional(),
  jobId: uuid.nullable().optional(),
  notes: optionalText(),
};
export const addPartBody = z.strictObject({ ...partShape, recommended: z.boolean().optional() });
export const updatePartBody = z
  .strictObject(partShape)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const applyCannedJobBody = z.strictObject({ cannedJobId: uuid, recommended: z.boolean().optional() });

export const decisionsBody = z.strictObject({
  decisions: z
    .array(z.strictObject({ lineId: uuid, decision: z.enum(['approved', 'declined']) }))
    .min(1, 'give at least one decision')
    .max(100),
  via: z.enum(['phone', 'in_person', 'signed']),
  note: optionalText(500),
});

export const startJobBody = z.strictObject({ staffId: uuid.optional() });
export const pauseJobBody = z.strictObject({ reason: z.enum(WAIT_REASONS) });
export const staffBody = z.strictObject({ staffId: uuid });

export const paymentBody = z
  .strictObject({
    method: z.enum(['cash', 'card', 'bank_transfer']),
    kind: z.enum(['payment', 'refund']).default('payment'),
    amountMinor: z
      .number()
      .int('must be a whole number of minor units')
      .positive('must be greater than zero')
      .max(1e13),
    refundOf: uuid.optional(),
    receivedAt: isoInstant.optional(),
    note: optionalText(500),
  })
  .refine((v) => v.kind === 'refund' || v.refundOf === undefined, {
    message: 'only a refund refers to a payment',
    path: ['refundOf'],
  });

const cannedLine = z.discriminatedUnion('lineType', [
  z
    .strictObject({
      lineType: z.literal('job'),
      name,
      jobKind: slug.nullable().optional(),
      ...normTime,
      pricing: z.enum(['hourly', 'fixed']),
      ratePerHourMinor: minor.nullable().optional(),
      fixedPriceMinor: minor.nullable().optional(),
    })
    .superRefine((v, ctx) => {
      pricingIssues(v, ctx);
      if (v.normSeconds === undefined && v.normHours === undefined)
        ctx.addIssue({ code: 'custom', message: 'is required (or normHours)', path: ['normSeconds'] });
    })
    .transform(toSeconds),
  z.strictObject({
    lineType: z.enum(['part', 'consumable']),
    name,
    partId: uuid.nullable().optional(),
    sku: optionalText(60),
    quantity,
    unit: z.string().trim().min(1).max(12).optional(),
    unitPriceMinor: minor,
  }),
]);

export const cannedJobBody = z.strictObject({
  name,
  description: optionalText(),
  active: z.boolean().optional(),
  lines: z.array(cannedLine).min(1, 'give at least one line').max(50),
});
export const updateCannedJobBody = cannedJobBody
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export const listCannedJobsQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const documentParams = z.object({
  id: uuid,
  kind: z.enum(['estimate', 'repair-order', 'invoice', 'act']),
});
export const documentQuery = z.object({ lang: z.enum(['en', 'ru']).optional() }).loose();

export type CannedJobInput = z.infer<typeof cannedJobBody>;
export type CannedLineInput = CannedJobInput['lines'][number];
export type AddJobInput = z.infer<typeof addJobBody>;
export type UpdateJobInput = z.infer<typeof updateJobBody>;
export type AddPartInput = z.infer<typeof addPartBody>;
export type UpdatePartInput = z.infer<typeof updatePartBody>;
export type WorkshopSchemas = ReturnType<typeof workshopSchemas>;
export type CreateCustomerInput = z.infer<WorkshopSchemas['createCustomer']>;
export type UpdateCustomerInput = z.infer<WorkshopSchemas['updateCustomer']>;
export type ContactInput = z.infer<WorkshopSchemas['contact']>;
export type ConsentsInput = z.infer<WorkshopSchemas['consents']>;
export type CreateVehicleInput = z.infer<WorkshopSchemas['createVehicle']>;
export type UpdateVehicleInput = z.infer<WorkshopSchemas['updateVehicle']>;

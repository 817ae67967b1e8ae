import { z } from 'zod';
import { isIsoDate } from './rules/local-days.ts';

const uuid = z.uuid('must be an id');
const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{1,40}$/, 'must be 1–40 latin letters, digits or underscores');
const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date and time' })
  .transform((v) => new Date(v));
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM');
const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');

export const idParam = z.object({ id: uuid });

export const liftBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,16}$/, 'must be 1–16 letters, digits or dashes'),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  kind: z.enum(['two_post', 'four_post', 'scissor', 'alignment', 'pit', 'other']),
  status: z.enum(['working', 'out_of_order']).optional(),
  position: z.number().int().min(0).max(1000).optional(),
  jobKinds: z.array(slug).max(30).optional(),
});
export const updateLiftBody = liftBody
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const skillsBody = z.strictObject({
  skills: z
    .array(
      z.strictObject({
        skill: slug,
        level: z.number().int().min(1, 'must be 1–3').max(3, 'must be 1–3').optional(),
      }),
    )
    .max(50),
});
export const shiftsBody = z.strictObject({
  shifts: z
    .array(
      z.strictObject({
        weekday: z
          .number()
          .int()
          .min(1, 'must be 1 (Monday) to 7 (Sunday)')
          .max(7, 'must be 1 (Monday) to 7 (Sunday)'),
        startsAt: localTime,
        endsAt: localTime,
      }),
    )
    .max(7),
});

export const bookBody = z.strictObject({
  liftId: uuid,
  startsAt: instant,
  endsAt: instant.optional(),
  durationSeconds: z
    .number()
    .int()
    .min(300, 'must be at least 300')
    .max(14 * 24 * 3600)
    .optional(),
  orderId: uuid.nullable().optional(),
  customerId: uuid.nullable().optional(),
  vehicleId: uuid.nullable().optional(),
  mechanicIds: z.array(uuid).max(10).optional(),
  title: optionalText(200),
  note: optionalText(2000),
});

export const changeBody = z
  .strictObject({
    liftId: uuid.optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    mechanicIds: z.array(uuid).max(10).optional(),
    title: optionalText(200),
    note: optionalText(2000),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const cancelBody = z.strictObject({ reason: z.string().trim().min(1, 'is required').max(500) });

export const scheduleQuery = z
  .object({
    date: date.optional(),
    liftId: uuid.optional(),
  })
  .loose();

export const placementBody = z.strictObject({ orderId: uuid, at: instant.optional() });
export const removePlacementBody = z.strictObject({ at: instant.optional() });
export const mechanicsQuery = z.object({ active: z.enum(['true', 'false']).optional() }).loose();

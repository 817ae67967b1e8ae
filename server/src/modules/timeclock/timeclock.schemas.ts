import { z } from 'zod';
import { WAIT_REASON_CODES } from '../../contracts/labour.ts';

const id = z.uuid('must be an id');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' });

export const jobParam = z.object({ jobId: id });
export const jobActionParam = z.object({
  jobId: id,
  action: z.enum(['start', 'pause', 'resume', 'complete'], 'must be start, pause, resume or complete'),
});
export const staffBody = z.strictObject({ staffId: id });
export const jobActionBody = z.strictObject({
  staffId: id,
  reason: z.enum(WAIT_REASON_CODES, 'must be parts, approval, tool, lift or other').optional(),
});
export const requestPartsBody = z.strictObject({
  staffId: id,
  note: z.string().trim().max(500).optional(),
  items: z
    .array(
      z.strictObject({
        partId: id.optional(),
        description: z.string().trim().min(1).max(200).optional(),
        quantity: z.number().positive('must be positive').max(10000),
      }),
    )
    .max(50)
    .optional(),
});
export const breakParam = z.object({ which: z.enum(['start', 'end'], 'must be start or end') });
export const deskBreakBody = staffBody;

const reason = z.string().trim().min(3, 'must say why (at least 3 characters)').max(500);
export const correctionBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('close_session'),
      staffId: id,
      closeAt: instant,
      sessionOpenedAt: instant.optional(),
      reason,
    }),
    z.strictObject({
      kind: z.literal('move_time'),
      staffId: id,
      fromJobId: id,
      toJobId: id,
      reason,
      seconds: z
        .int()
        .positive()
        .max(24 * 3600)
        .optional(),
      date: localDate.optional(),
      from: instant.optional(),
      to: instant.optional(),
    }),
  ],
  'must be close_session or move_time',
);
export type CorrectionInput = z.infer<typeof correctionBody>;

export const periodQuery = z.object({ from: localDate, to: localDate });
export const reviewQuery = z.object({ from: localDate.optional(), to: localDate.optional() });

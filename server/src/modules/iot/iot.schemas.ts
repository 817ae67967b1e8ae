import { z } from 'zod';
import { BRIDGE_ID_PATTERN } from '../../contracts/mqtt-topics.ts';
import { pageQuery } from '../../platform/http/pagination.ts';

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
export const bridgeIdParam = z.object({
  id: z.string().regex(BRIDGE_ID_PATTERN, 'must be 1–32 lower-case letters, digits or dashes'),
});
export const bindingParams = bridgeIdParam.extend({
  deviceId: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1–32 lower-case letters, digits or dashes'),
});

export const registerBridgeBody = z.strictObject({
  id: z.string().regex(BRIDGE_ID_PATTERN, 'must be 1–32 lower-case letters, digits or dashes'),
  name,
  location: z.string().trim().max(200).nullable().optional(),
});

export const updateBridgeBody = z
  .strictObject({ name: name.optional(), location: z.string().trim().max(200).nullable().optional() })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const bindBody = z
  .strictObject({
    kind: z.enum(['reader', 'lift_sensor', 'bay_sensor']),
    liftId: z.uuid('must be an id').optional(),
    entrance: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'reader' && !!v.liftId === !!v.entrance) {
      ctx.addIssue({
        code: 'custom',
        path: ['liftId'],
        message: 'a reader serves either a lift (liftId) or the entrance (entrance: true)',
      });
    }
    if (v.kind !== 'reader' && (!v.liftId || v.entrance)) {
      ctx.addIssue({ code: 'custom', path: ['liftId'], message: 'a sensor belongs to a lift: give liftId' });
    }
  });

export const rejectedQuery = pageQuery;

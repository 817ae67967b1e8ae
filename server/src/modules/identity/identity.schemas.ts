import { z } from 'zod';
import { DEVICE_SCOPES, LOCALES, ROLES, SCOPES, STAFF_POSITIONS } from '../../contracts/roles.ts';
import { pageQuery } from '../../platform/http/pagination.ts';
import { LOGIN_PATTERN } from './rules/credentials.ts';

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    LOGIN_PATTERN,
    'must be 2–64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  );
const password = z.string().max(256, 'must be at most 256 characters');
const uuid = z.uuid('must be an id');

export const loginBody = z.strictObject({
  login: z.string().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(256),
});

export const setupBody = z.strictObject({
  login,
  displayName: name,
  password,
  locale: z.enum(LOCALES).optional(),
  stationName: name.optional(),
});

export const createUserBody = z.strictObject({
  login,
  displayName: name,
  role: z.enum(ROLES),
  scope: z.enum(SCOPES).optional(),
  locale: z.enum(LOCALES).optional(),
  password,
});

export const updateUserBody = z
  .strictObject({
    displayName: name.optional(),
    role: z.enum(ROLES).optional(),
    scope: z.enum(SCOPES).optional(),
    locale: z.enum(LOCALES).optional(),
    active: z.boolean().optional(),
    password: password.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'is required'),
  newPassword: password,
});

export const listUsersQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const staffBody = z.strictObject({
  fullName: name,
  position: z.enum(STAFF_POSITIONS),
  userId: uuid.nullable().optional(),
  active: z.boolean().optional(),
});
export const updateStaffBody = staffBody
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const listStaffQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  position: z.enum(STAFF_POSITIONS).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const assignBadgeBody = z.strictObject({ uid: z.string().trim().min(1, 'is required').max(64) });
export const revokeBadgeBody = z.strictObject({ reason: z.string().trim().min(1, 'is required').max(200) });

export const createDeviceBody = z.strictObject({
  name,
  scope: z.enum(DEVICE_SCOPES),
  liftId: uuid.nullable().optional(),
});
export const pairBody = z.strictObject({ code: z.string().trim().min(1, 'is required').max(32) });

export const auditQuery = pageQuery.extend({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
});

export const idParam = z.object({ id: uuid });

import type { Middleware } from 'koa';
import { requireUser } from '../../platform/http/auth.ts';
import { can, type Permission } from './rules/permissions.ts';

const WHAT: Partial<Record<Permission, string>> = {
  'users.manage': 'manage users',
  'staff.manage': 'manage staff',
  'badges.manage': 'manage badges',
  'devices.manage': 'manage kiosk devices',
  'audit.read': 'read the audit log',
};

/** Route guard: a signed-in user whose role has the permission (kiosk devices are refused). */
export function permit(permission: Permission): Middleware {
  return requireUser((actor) => can(actor.role, permission), WHAT[permission] ?? `use ${permission}`);
}

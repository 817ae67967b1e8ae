import type { Role } from '../../../contracts/roles.ts';

/**
 * What each role may do. Modules check permissions, never role names, so that a station can later
 * get its own role table without touching the routes.
 */
export const PERMISSIONS = [
  'station.read',
  'station.manage',
  'users.manage',
  'staff.read',
  'staff.manage',
  'badges.manage',
  'devices.manage',
  'audit.read',
  'lifts.read',
  'lifts.manage',
  'customers.read',
  'customers.write',
  'customers.merge',
  'orders.read',
  'orders.write',
  'payments.write',
  'payments.allow_credit',
  'schedule.read',
  'schedule.write',
  'parts.read',
  'parts.write',
  'stock.move',
  'stock.adjust',
  'purchasing.manage',
  'shopfloor.read',
  'shopfloor.act',
  'shopfloor.correct',
  'bridges.manage',
  'labour.read',
  'crm.read',
  'crm.write',
  'crm.delete',
  'crm.configure',
  'marketing.manage',
  'notifications.manage',
  'reports.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everything = PERMISSIONS;
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: everything,
  manager: everything,
  advisor: [
    'station.read',
    'staff.read',
    'lifts.read',
    'customers.read',
    'customers.write',
    'orders.read',
    'orders.write',
    'payments.write',
    'schedule.read',
    'schedule.write',
    'parts.read',
    'shopfloor.read',
    'shopfloor.act',
    'crm.read',
    'crm.write',
    'reports.read',
  ],
  foreman: [
    'station.read',
    'staff.read',
    'badges.manage',
    'devices.manage',
    'lifts.read',
    'lifts.manage',
    'customers.read',
    'orders.read',
    'orders.write',
    'schedule.read',
    'schedule.write',
    'parts.read',
    'shopfloor.read',
    'shopfloor.act',
    'shopfloor.correct',
    'labour.read',
    'reports.read',
  ],
  storekeeper: [
    'station.read',
    'staff.read',
    'lifts.read',
    'customers.read',
    'orders.read',
    'schedule.read',
    'parts.read',
    'parts.write',
    'stock.move',
    'stock.adjust',
    'purchasing.manage',
    'shopfloor.read',
  ],
  mechanic: ['station.read', 'lifts.read', 'orders.read', 'parts.read', 'shopfloor.read', 'shopfloor.act'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Who may hand out which role: only an owner makes owners; a manager makes anyone below. */
export function canAssignRole(actorRole: Role, targetRole: Role): boolean {
  if (actorRole === 'owner') return true;
  if (actorRole === 'manager') return targetRole !== 'owner';
  return false;
}

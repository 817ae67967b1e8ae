import type {
  AuditEntryDto,
  BadgeDto,
  DeviceDto,
  SessionDto,
  StaffDto,
  UserDto,
} from '../../contracts/dto.ts';
import type { Badge, KioskDevice, Session, Staff, User } from './models/index.ts';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function presentUser(user: User): UserDto {
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    role: user.role,
    scope: user.scope,
    locale: user.locale,
    active: user.active,
    lockedUntil: iso(user.lockedUntil),
    lastLoginAt: iso(user.lastLoginAt),
    createdAt: iso(user.createdAt)!,
  };
}

export function presentBadge(badge: Badge): BadgeDto {
  return {
    id: badge.id,
    uid: badge.uid,
    assignedAt: iso(badge.assignedAt)!,
    revokedAt: iso(badge.revokedAt),
    revokedReason: badge.revokedReason,
  };
}

/** The staff row alone (for the audit log); the API adds the active badge with presentStaff. */
export function presentStaffRow(staff: Staff): Omit<StaffDto, 'badge'> {
  return {
    id: staff.id,
    fullName: staff.fullName,
    position: staff.position,
    userId: staff.userId,
    active: staff.active,
    createdAt: iso(staff.createdAt)!,
  };
}

export function presentStaff(staff: Staff, activeBadge: Badge | null): StaffDto {
  return { ...presentStaffRow(staff), badge: activeBadge ? presentBadge(activeBadge) : null };
}

export function presentDevice(device: KioskDevice): DeviceDto {
  return {
    id: device.id,
    name: device.name,
    scope: device.scope,
    liftId: device.liftId,
    paired: device.tokenHash !== null && device.tokenHash !== undefined,
    pairingExpiresAt: iso(device.pairingExpiresAt),
    lastSeenAt: iso(device.lastSeenAt),
    revokedAt: iso(device.revokedAt),
    createdAt: iso(device.createdAt)!,
  };
}

export function presentSession(session: Session, currentSessionId: string): SessionDto {
  return {
    id: session.id,
    createdAt: iso(session.createdAt)!,
    lastSeenAt: iso(session.lastSeenAt)!,
    expiresAt: iso(session.expiresAt)!,
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentSessionId,
  };
}

export interface AuditRow {
  id: string;
  at: Date;
  actor_type: AuditEntryDto['actorType'];
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export function presentAudit(row: AuditRow): AuditEntryDto {
  return {
    id: row.id,
    at: iso(row.at)!,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
  };
}

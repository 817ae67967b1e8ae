import type { DeviceScope, Locale, RecordScope, Role, StaffPosition } from './roles.ts';

/** JSON shapes returned by the HTTP API. Timestamps are ISO-8601 UTC strings. */

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface UserDto {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  scope: RecordScope;
  locale: Locale;
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface MeDto {
  user: UserDto;
  permissions: string[];
  station: StationDto;
}

export interface StationDto {
  name: string;
  legalName: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  taxId: string | null;
  timezone: string;
  currency: string;
  phoneRegion: string;
  defaultLocale: Locale;
  /** VAT rate in basis points (2200 = 22 %); 0 when the station charges no VAT. */
  taxRateBp: number;
  /** Whether prices on repair orders already include VAT. */
  pricesIncludeTax: boolean;
}

export interface SessionDto {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface BadgeDto {
  id: string;
  uid: string;
  assignedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface StaffDto {
  id: string;
  fullName: string;
  position: StaffPosition;
  userId: string | null;
  active: boolean;
  badge: BadgeDto | null;
  createdAt: string;
}

export interface LiftDto {
  id: string;
  code: string;
  name: string;
  kind: string;
  status: 'working' | 'out_of_order';
  position: number;
  /** The kinds of jobs this lift can take; empty means any. */
  jobKinds: string[];
}

export interface DeviceDto {
  id: string;
  name: string;
  scope: DeviceScope;
  liftId: string | null;
  paired: boolean;
  pairingExpiresAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface DeviceWithCodeDto {
  device: DeviceDto;
  pairingCode: string;
  pairingExpiresAt: string;
}

export interface PairedDeviceDto {
  token: string;
  device: DeviceDto;
}

export interface AuditEntryDto {
  id: string;
  at: string;
  actorType: 'user' | 'device' | 'system' | 'bridge';
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** Public: what a browser needs before anyone signs in (the first-run screen, the kiosk's language). */
export interface SetupStateDto {
  needsOwner: boolean;
  stationName: string;
  defaultLocale: Locale;
  timezone: string;
}

export interface HealthDto {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}

export interface ReadyDto {
  status: 'ready' | 'not_ready';
  checks: { database: boolean; broker: boolean; jobs: boolean };
}

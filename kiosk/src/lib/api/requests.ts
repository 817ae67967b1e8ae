import type { DeviceScope, Locale, RecordScope, Role, StaffPosition } from '$contracts/roles.ts';
import type { Query } from './client.ts';

/** Request bodies and list filters of the identity, station and device routes (mirroring the server's schemas). */

export interface PageParams {
  offset?: number;
  limit?: number;
}

export interface CreateOwnerInput {
  login: string;
  displayName: string;
  password: string;
  locale?: Locale;
  stationName?: string;
}

export interface LoginInput {
  login: string;
  password: string;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export interface UserFilters extends PageParams, Query {
  q?: string;
  role?: Role;
  active?: 'true' | 'false';
}

export interface CreateUserInput {
  login: string;
  displayName: string;
  role: Role;
  scope?: RecordScope;
  locale?: Locale;
  password: string;
}

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  scope?: RecordScope;
  locale?: Locale;
  active?: boolean;
  password?: string;
}

export interface StaffFilters extends PageParams, Query {
  q?: string;
  position?: StaffPosition;
  active?: 'true' | 'false';
}

export interface StaffInput {
  fullName: string;
  position: StaffPosition;
  userId?: string | null;
  active?: boolean;
}

export interface CreateDeviceInput {
  name: string;
  scope: DeviceScope;
  liftId?: string | null;
}

export interface AuditFilters extends PageParams, Query {
  entityType?: string;
  entityId?: string;
  action?: string;
  actorId?: string;
}

export interface StationInput {
  name?: string;
  legalName?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  taxId?: string | null;
}

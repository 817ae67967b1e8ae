import type {
  AuditEntryDto,
  BadgeDto,
  DeviceDto,
  DeviceWithCodeDto,
  LiftDto,
  MeDto,
  Page,
  SessionDto,
  SetupStateDto,
  StaffDto,
  StationDto,
  UserDto,
} from '$contracts/dto.ts';
import type { ApiClient } from './client.ts';
import type {
  AuditFilters,
  ChangePasswordInput,
  CreateDeviceInput,
  CreateOwnerInput,
  CreateUserInput,
  LoginInput,
  StaffFilters,
  StaffInput,
  StationInput,
  UpdateUserInput,
  UserFilters,
} from './requests.ts';

const id = (value: string) => encodeURIComponent(value);

/** The desk's typed view of the HTTP API. */
export function deskApi(client: ApiClient) {
  return {
    setup: {
      state: () => client.get<SetupStateDto>('/api/setup'),
      createOwner: (input: CreateOwnerInput) => client.post<MeDto>('/api/setup/owner', input),
    },
    auth: {
      login: (input: LoginInput) => client.post<MeDto>('/api/auth/login', input),
      logout: () => client.post<void>('/api/auth/logout'),
      me: () => client.get<MeDto>('/api/auth/me'),
      sessions: () => client.get<SessionDto[]>('/api/auth/sessions'),
      revokeSession: (sessionId: string) => client.delete<void>(`/api/auth/sessions/${id(sessionId)}`),
      changePassword: (input: ChangePasswordInput) => client.post<void>('/api/auth/password', input),
    },
    users: {
      list: (filters: UserFilters) => client.get<Page<UserDto>>('/api/users', filters),
      get: (userId: string) => client.get<UserDto>(`/api/users/${id(userId)}`),
      create: (input: CreateUserInput) => client.post<UserDto>('/api/users', input),
      update: (userId: string, input: UpdateUserInput) =>
        client.patch<UserDto>(`/api/users/${id(userId)}`, input),
      revokeSessions: (userId: string) =>
        client.post<{ revoked: number }>(`/api/users/${id(userId)}/revoke-sessions`),
    },
    staff: {
      list: (filters: StaffFilters) => client.get<Page<StaffDto>>('/api/staff', filters),
      get: (staffId: string) => client.get<StaffDto>(`/api/staff/${id(staffId)}`),
      create: (input: StaffInput) => client.post<StaffDto>('/api/staff', input),
      update: (staffId: string, input: Partial<StaffInput>) =>
        client.patch<StaffDto>(`/api/staff/${id(staffId)}`, input),
      badges: (staffId: string) => client.get<BadgeDto[]>(`/api/staff/${id(staffId)}/badges`),
      assignBadge: (staffId: string, uid: string) =>
        client.put<StaffDto>(`/api/staff/${id(staffId)}/badge`, { uid }),
      revokeBadge: (staffId: string, reason: string) =>
        client.delete<StaffDto>(`/api/staff/${id(staffId)}/badge`, { reason }),
    },
    devices: {
      list: () => client.get<DeviceDto[]>('/api/devices'),
      create: (input: CreateDeviceInput) => client.post<DeviceWithCodeDto>('/api/devices', input),
      renewCode: (deviceId: string) =>
        client.post<DeviceWithCodeDto>(`/api/devices/${id(deviceId)}/pairing-code`),
      revoke: (deviceId: string) => client.delete<DeviceDto>(`/api/devices/${id(deviceId)}`),
    },
    lifts: {
      list: () => client.get<LiftDto[]>('/api/lifts'),
    },
    station: {
      get: () => client.get<StationDto>('/api/station'),
      update: (input: StationInput) => client.patch<StationDto>('/api/station', input),
    },
    audit: {
      list: (filters: AuditFilters) => client.get<Page<AuditEntryDto>>('/api/audit', filters),
    },
  };
}

export type DeskApi = ReturnType<typeof deskApi>;

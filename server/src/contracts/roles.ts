export const ROLES = ['owner', 'manager', 'advisor', 'foreman', 'storekeeper', 'mechanic'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ['own', 'all'] as const;
export type RecordScope = (typeof SCOPES)[number];

export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export const STAFF_POSITIONS = ['mechanic', 'foreman', 'advisor', 'storekeeper', 'manager', 'owner'] as const;
export type StaffPosition = (typeof STAFF_POSITIONS)[number];

export const DEVICE_SCOPES = ['board', 'lift'] as const;
export type DeviceScope = (typeof DEVICE_SCOPES)[number];

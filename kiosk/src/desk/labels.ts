import type { DeviceScope, Locale, RecordScope, Role, StaffPosition } from '$contracts/roles.ts';
import { DEVICE_SCOPES, LOCALES, ROLES, SCOPES, STAFF_POSITIONS } from '$contracts/roles.ts';
import type { SelectOption } from '$lib/components/Select.svelte';
import { t, type MessageKey } from '$lib/i18n/i18n.svelte.ts';
import { LOCALE_NAMES } from '$lib/i18n/locale.ts';

const ROLE_KEYS: Record<Role, MessageKey> = {
  owner: 'role.owner',
  manager: 'role.manager',
  advisor: 'role.advisor',
  foreman: 'role.foreman',
  storekeeper: 'role.storekeeper',
  mechanic: 'role.mechanic',
};

const POSITION_KEYS: Record<StaffPosition, MessageKey> = {
  mechanic: 'position.mechanic',
  foreman: 'position.foreman',
  advisor: 'position.advisor',
  storekeeper: 'position.storekeeper',
  manager: 'position.manager',
  owner: 'position.owner',
};

const SCOPE_KEYS: Record<RecordScope, MessageKey> = { own: 'scope.own', all: 'scope.all' };
const DEVICE_SCOPE_KEYS: Record<DeviceScope, MessageKey> = {
  board: 'device.scope.board',
  lift: 'device.scope.lift',
};

export const roleLabel = (role: Role) => t(ROLE_KEYS[role]);
export const positionLabel = (position: StaffPosition) => t(POSITION_KEYS[position]);
export const scopeLabel = (scope: RecordScope) => t(SCOPE_KEYS[scope]);
export const deviceScopeLabel = (scope: DeviceScope) => t(DEVICE_SCOPE_KEYS[scope]);
export const localeName = (locale: Locale) => LOCALE_NAMES[locale];

export const roleOptions = (roles: readonly Role[] = ROLES): SelectOption[] =>
  roles.map((role) => ({ value: role, label: roleLabel(role) }));
export const positionOptions = (): SelectOption[] =>
  STAFF_POSITIONS.map((position) => ({ value: position, label: positionLabel(position) }));
export const scopeOptions = (): SelectOption[] =>
  SCOPES.map((scope) => ({ value: scope, label: scopeLabel(scope) }));
export const deviceScopeOptions = (): SelectOption[] =>
  DEVICE_SCOPES.map((scope) => ({ value: scope, label: deviceScopeLabel(scope) }));
export const localeOptions = (): SelectOption[] =>
  LOCALES.map((locale) => ({ value: locale, label: localeName(locale) }));
export const activeOptions = (): SelectOption[] => [
  { value: 'true', label: t('common.active') },
  { value: 'false', label: t('common.inactive') },
];

import type { Component } from 'svelte';
import type { MessageKey } from '$lib/i18n/i18n.svelte.ts';
import AuditScreen from './screens/audit/AuditScreen.svelte';
import DevicesScreen from './screens/devices/DevicesScreen.svelte';
import HomeScreen from './screens/HomeScreen.svelte';
import SessionsScreen from './screens/account/SessionsScreen.svelte';
import StaffScreen from './screens/staff/StaffScreen.svelte';
import UsersScreen from './screens/users/UsersScreen.svelte';
import { CRM_ROUTES } from './modules/crm/routes.ts';
import { NOTIFICATIONS_ROUTES } from './modules/notifications/routes.ts';
import { WORKSHOP_ROUTES } from './modules/workshop/routes.ts';
import { WAREHOUSE_ROUTES } from './modules/warehouse/routes.ts';
import { SHOPFLOOR_ROUTES } from './modules/shopfloor/routes.ts';
import { matchPath } from './route-match.ts';

export type NavGroup = 'main' | 'workshop' | 'warehouse' | 'crm' | 'shopfloor' | 'admin';

export interface DeskRoute {
  path: string;
  label: MessageKey;
  component: Component;
  /** Needed to see the screen (and its menu item). */
  permission?: string;
  /** Where its menu item goes; none for screens reached from elsewhere (my sessions). */
  nav?: NavGroup;
}

/** A matched route with the values of its `:params` (e.g. `/orders/:id`), given to the screen as props. */
export interface RouteMatch {
  route: DeskRoute;
  params: Record<string, string>;
}

/**
 * The desk's screens. Later issues add theirs here (customers, repair orders, scheduler, warehouse,
 * shop floor, CRM, reports) with their permission and menu group.
 */
const CORE_ROUTES: DeskRoute[] = [
  { path: '/', label: 'nav.home', component: HomeScreen, nav: 'main' },
  { path: '/users', label: 'nav.users', component: UsersScreen, permission: 'users.manage', nav: 'admin' },
  { path: '/staff', label: 'nav.staff', component: StaffScreen, permission: 'staff.read', nav: 'admin' },
  {
    path: '/devices',
    label: 'nav.devices',
    component: DevicesScreen,
    permission: 'devices.manage',
    nav: 'admin',
  },
  { path: '/audit', label: 'nav.audit', component: AuditScreen, permission: 'audit.read', nav: 'admin' },
  { path: '/account/sessions', label: 'nav.sessions', component: SessionsScreen },
];

/** Each module's screens live in `modules/<module>/routes.ts` and are listed here. */
export const ROUTES: DeskRoute[] = [
  ...CORE_ROUTES,
  ...WORKSHOP_ROUTES,
  ...CRM_ROUTES,
  ...NOTIFICATIONS_ROUTES,
  ...WAREHOUSE_ROUTES,
  ...SHOPFLOOR_ROUTES,
];

export function routeFor(path: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

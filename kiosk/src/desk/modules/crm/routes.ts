import type { DeskRoute } from '../../routes.ts';
import CallsScreen from './CallsScreen.svelte';
import DealsScreen from './DealsScreen.svelte';
import ImportScreen from './ImportScreen.svelte';
import LeadsScreen from './LeadsScreen.svelte';
import ReportsScreen from './ReportsScreen.svelte';
import TasksScreen from './TasksScreen.svelte';

export const CRM_ROUTES: DeskRoute[] = [
  { path: '/crm/deals', label: 'crm.nav.deals', component: DealsScreen, permission: 'crm.read', nav: 'crm' },
  { path: '/crm/leads', label: 'crm.nav.leads', component: LeadsScreen, permission: 'crm.read', nav: 'crm' },
  { path: '/crm/tasks', label: 'crm.nav.tasks', component: TasksScreen, permission: 'crm.read', nav: 'crm' },
  { path: '/crm/calls', label: 'crm.nav.calls', component: CallsScreen, permission: 'crm.read', nav: 'crm' },
  {
    path: '/crm/reports',
    label: 'crm.nav.reports',
    component: ReportsScreen,
    permission: 'crm.read',
    nav: 'crm',
  },
  {
    path: '/crm/import',
    label: 'crm.nav.import',
    component: ImportScreen,
    permission: 'crm.write',
    nav: 'crm',
  },
];

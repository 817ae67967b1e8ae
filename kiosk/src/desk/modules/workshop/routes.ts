import type { DeskRoute } from '../../routes.ts';
import CustomerCardScreen from './customers/CustomerCardScreen.svelte';
import CustomersScreen from './customers/CustomersScreen.svelte';
import VehicleCardScreen from './customers/VehicleCardScreen.svelte';
import OrderScreen from './orders/OrderScreen.svelte';
import OrdersScreen from './orders/OrdersScreen.svelte';
import SchedulerScreen from './scheduler/SchedulerScreen.svelte';
import LiftsScreen from './setup/LiftsScreen.svelte';
import MechanicsScreen from './setup/MechanicsScreen.svelte';

/** The advisor's workshop screens: customers and cars, repair orders, the scheduler, lifts and mechanics. */
export const WORKSHOP_ROUTES: DeskRoute[] = [
  {
    path: '/customers',
    label: 'workshop.nav.customers',
    component: CustomersScreen,
    permission: 'customers.read',
    nav: 'workshop',
  },
  {
    path: '/customers/:id',
    label: 'workshop.nav.customers',
    component: CustomerCardScreen,
    permission: 'customers.read',
  },
  {
    path: '/vehicles/:id',
    label: 'workshop.nav.customers',
    component: VehicleCardScreen,
    permission: 'customers.read',
  },
  {
    path: '/orders',
    label: 'workshop.nav.orders',
    component: OrdersScreen,
    permission: 'orders.read',
    nav: 'workshop',
  },
  { path: '/orders/:id', label: 'workshop.nav.orders', component: OrderScreen, permission: 'orders.read' },
  {
    path: '/scheduler',
    label: 'workshop.nav.scheduler',
    component: SchedulerScreen,
    permission: 'schedule.read',
    nav: 'workshop',
  },
  {
    path: '/lifts',
    label: 'workshop.nav.lifts',
    component: LiftsScreen,
    permission: 'lifts.manage',
    nav: 'workshop',
  },
  {
    path: '/mechanics',
    label: 'workshop.nav.mechanics',
    component: MechanicsScreen,
    permission: 'staff.manage',
    nav: 'workshop',
  },
];

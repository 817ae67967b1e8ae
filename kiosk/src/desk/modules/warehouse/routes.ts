import type { DeskRoute } from '../../routes.ts';
import CatalogueScreen from './CatalogueScreen.svelte';
import ImportScreen from './ImportScreen.svelte';
import PartCardScreen from './PartCardScreen.svelte';
import PartsQueueScreen from './PartsQueueScreen.svelte';
import PurchaseOrderScreen from './PurchaseOrderScreen.svelte';
import PurchaseOrdersScreen from './PurchaseOrdersScreen.svelte';
import ReceiptsScreen from './ReceiptsScreen.svelte';
import ReorderScreen from './ReorderScreen.svelte';
import StocktakeScreen from './StocktakeScreen.svelte';
import StocktakesScreen from './StocktakesScreen.svelte';

/** The storekeeper's screens: catalogue and part card, the lift's parts requests, purchasing, counts, import. */
export const WAREHOUSE_ROUTES: DeskRoute[] = [
  {
    path: '/warehouse/parts',
    label: 'warehouse.nav.catalogue',
    component: CatalogueScreen,
    permission: 'parts.read',
    nav: 'warehouse',
  },
  {
    path: '/warehouse/parts/:id',
    label: 'warehouse.nav.catalogue',
    component: PartCardScreen,
    permission: 'parts.read',
  },
  {
    path: '/warehouse/requests',
    label: 'warehouse.nav.queue',
    component: PartsQueueScreen,
    permission: 'parts.read',
    nav: 'warehouse',
  },
  {
    path: '/warehouse/receipts',
    label: 'warehouse.nav.receipts',
    component: ReceiptsScreen,
    permission: 'parts.read',
    nav: 'warehouse',
  },
  {
    path: '/warehouse/purchase-orders',
    label: 'warehouse.nav.purchaseOrders',
    component: PurchaseOrdersScreen,
    permission: 'parts.read',
    nav: 'warehouse',
  },
  {
    path: '/warehouse/purchase-orders/:id',
    label: 'warehouse.nav.purchaseOrders',
    component: PurchaseOrderScreen,
    permission: 'parts.read',
  },
  {
    path: '/warehouse/reorder',
    label: 'warehouse.nav.reorder',
    component: ReorderScreen,
    permission: 'purchasing.manage',
    nav: 'warehouse',
  },
  {
    path: '/warehouse/stocktakes',
    label: 'warehouse.nav.stocktakes',
    component: StocktakesScreen,
    permission: 'parts.read',
    nav: 'warehouse',
  },
  {
    path: '/warehouse/stocktakes/:id',
    label: 'warehouse.nav.stocktakes',
    component: StocktakeScreen,
    permission: 'parts.read',
  },
  {
    path: '/warehouse/import',
    label: 'warehouse.nav.import',
    component: ImportScreen,
    permission: 'parts.write',
    nav: 'warehouse',
  },
];

import type { DeskRoute } from '../../routes.ts';
import BridgesScreen from './BridgesScreen.svelte';
import FiguresScreen from './FiguresScreen.svelte';
import LiveFloorScreen from './LiveFloorScreen.svelte';
import ReviewScreen from './ReviewScreen.svelte';

/** The shop floor on the desk: the live floor, the foreman's review, the labour figures, the bridges. */
export const SHOPFLOOR_ROUTES: DeskRoute[] = [
  {
    path: '/shopfloor/floor',
    label: 'nav.shopfloor.floor',
    component: LiveFloorScreen,
    permission: 'shopfloor.read',
    nav: 'shopfloor',
  },
  {
    path: '/shopfloor/review',
    label: 'nav.shopfloor.review',
    component: ReviewScreen,
    permission: 'shopfloor.correct',
    nav: 'shopfloor',
  },
  {
    path: '/shopfloor/figures',
    label: 'nav.shopfloor.figures',
    component: FiguresScreen,
    permission: 'labour.read',
    nav: 'shopfloor',
  },
  {
    path: '/shopfloor/bridges',
    label: 'nav.shopfloor.bridges',
    component: BridgesScreen,
    permission: 'bridges.manage',
    nav: 'shopfloor',
  },
];

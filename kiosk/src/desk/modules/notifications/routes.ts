import type { DeskRoute } from '../../routes.ts';
import CampaignsScreen from './CampaignsScreen.svelte';
import ChannelsScreen from './ChannelsScreen.svelte';
import OutboxScreen from './OutboxScreen.svelte';
import RulesScreen from './RulesScreen.svelte';
import TemplatesScreen from './TemplatesScreen.svelte';

const permission = 'notifications.manage';

export const NOTIFICATIONS_ROUTES: DeskRoute[] = [
  {
    path: '/notifications/outbox',
    label: 'notifications.nav.outbox',
    component: OutboxScreen,
    permission,
    nav: 'crm',
  },
  // One customer's messages (from the customer card); no menu item of its own.
  {
    path: '/notifications/outbox/customer/:customerId',
    label: 'notifications.nav.outbox',
    component: OutboxScreen,
    permission,
  },
  {
    path: '/notifications/templates',
    label: 'notifications.nav.templates',
    component: TemplatesScreen,
    permission,
    nav: 'crm',
  },
  {
    path: '/notifications/rules',
    label: 'notifications.nav.rules',
    component: RulesScreen,
    permission,
    nav: 'crm',
  },
  {
    path: '/notifications/campaigns',
    label: 'notifications.nav.campaigns',
    component: CampaignsScreen,
    permission,
    nav: 'crm',
  },
  {
    path: '/notifications/channels',
    label: 'notifications.nav.channels',
    component: ChannelsScreen,
    permission,
    nav: 'crm',
  },
];

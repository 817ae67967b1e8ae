import { coreRu } from './core-ru.ts';
import type { MessageKey } from './en.ts';
import { workshopRu } from './modules/workshop.ts';
import { warehouseRu } from './modules/warehouse.ts';
import { crmRu } from './modules/crm.ts';
import { notificationsRu } from './modules/notifications.ts';
import { shopfloorRu } from './modules/shopfloor.ts';

/** Russian. Every key of en.ts, with the same {placeholders}. */

export { coreRu };

export const ru: Record<MessageKey, string> = {
  ...coreRu,
  ...workshopRu,
  ...warehouseRu,
  ...crmRu,
  ...notificationsRu,
  ...shopfloorRu,
};

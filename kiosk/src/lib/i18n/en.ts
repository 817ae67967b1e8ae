import { coreEn } from './core-en.ts';
import { workshopEn } from './modules/workshop.ts';
import { warehouseEn } from './modules/warehouse.ts';
import { crmEn } from './modules/crm.ts';
import { notificationsEn } from './modules/notifications.ts';
import { shopfloorEn } from './modules/shopfloor.ts';

export { coreEn };

/** Each module's screens keep their messages in `modules/<module>.ts`. */
export const en = {
  ...coreEn,
  ...workshopEn,
  ...warehouseEn,
  ...crmEn,
  ...notificationsEn,
  ...shopfloorEn,
};

export type MessageKey = keyof typeof en;

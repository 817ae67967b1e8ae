import type { Sequelize } from 'sequelize';
import { defineCannedJobModels } from './canned-job.ts';
import { defineCustomerModels } from './customer.ts';
import { defineOrderModels } from './order.ts';
import { defineVehicleModels } from './vehicle.ts';

export * from './customer.ts';
export * from './vehicle.ts';
export * from './order.ts';
export * from './canned-job.ts';

/** Registers the workshop models on a Sequelize instance (idempotent per instance). */
export function defineWorkshopModels(sequelize: Sequelize): void {
  if (sequelize.models.Customer) return;
  defineCustomerModels(sequelize);
  defineVehicleModels(sequelize);
  defineOrderModels(sequelize);
  defineCannedJobModels(sequelize);
}

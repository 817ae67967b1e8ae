import type { Sequelize } from 'sequelize';
import { defineIdentityModels } from './modules/identity/index.ts';
import { defineLiftModel } from './modules/scheduler/index.ts';
import { defineWarehouseModels } from './modules/warehouse/index.ts';
import { defineWorkshopModels } from './modules/workshop/index.ts';

/** Binds every module's models to the process's Sequelize instance. */
export function defineModels(sequelize: Sequelize): void {
  defineIdentityModels(sequelize);
  defineLiftModel(sequelize);
  defineWarehouseModels(sequelize);
  defineWorkshopModels(sequelize);
}

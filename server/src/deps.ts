import type { Sequelize } from 'sequelize';
import type { Config } from './config.ts';
import type { Clock } from './platform/clock.ts';
import type { EventBus } from './platform/events.ts';
import type { Logger } from './platform/logger.ts';

/** Liveness of the parts outside the HTTP layer, for /api/ready. */
export interface Readiness {
  broker(): boolean;
  jobs(): boolean;
}

/** Everything the HTTP app and the modules need, built by main.ts (or by the test server). */
export interface AppDeps {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  bus: EventBus;
  clock: Clock;
  readiness: Readiness;
  version: string;
}

import { Sequelize } from 'sequelize';
import type { Logger } from '../logger.ts';

export function createSequelize(url: string, poolMax: number, logger: Logger): Sequelize {
  const log = logger.child({ component: 'sql' });
  return new Sequelize(url, {
    dialect: 'postgres',
    logging: (sql) => log.trace(sql),
    pool: { max: poolMax, min: 0, idle: 10_000, acquire: 30_000 },
    define: { underscored: true, timestamps: false },
    timezone: '+00:00',
  });
}

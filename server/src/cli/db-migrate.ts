import { loadConfig } from '../config.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { migrate } from '../platform/db/migrator.ts';
import { createLogger } from '../platform/logger.ts';

/** `npm run db:migrate`: applies pending migrations to the configured database (embedded or external). */
const config = loadConfig();
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const db = await openDatabase(config, logger);
try {
  const applied = await migrate(db.url, db.sequelize, logger);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
} finally {
  await db.close();
}

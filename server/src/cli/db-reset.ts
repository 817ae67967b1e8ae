import { loadConfig } from '../config.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { migrate } from '../platform/db/migrator.ts';
import { createLogger } from '../platform/logger.ts';

/** `npm run db:reset -- --yes`: drops every Pitwall table of the configured database and migrates again. */
if (!process.argv.includes('--yes')) {
  console.error(
    'This deletes every record of the configured database. Run `npm run db:reset -- --yes` to confirm.',
  );
  process.exit(2);
}
const config = loadConfig();
const logger = createLogger('warn');
const db = await openDatabase(config, logger);
try {
  await db.sequelize.query(
    'DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public;',
  );
  const applied = await migrate(db.url, db.sequelize, logger);
  console.log(`Reset. Applied: ${applied.join(', ')}`);
} finally {
  await db.close();
}

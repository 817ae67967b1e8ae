import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Sequelize, Transaction } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Logger } from '../logger.ts';

export interface MigrationContext {
  sequelize: Sequelize;
  tx: Transaction;
  /** Runs SQL inside the migration's transaction. */
  query: (sql: string, replacements?: Record<string, unknown>) => Promise<unknown>;
}

export interface MigrationModule {
  up(context: MigrationContext): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../db/migrations',
);
/** One fixed key so that two servers (or a server and `db:migrate`) never migrate at once. */
const ADVISORY_LOCK_KEY = 0x7069_7477; // "pitw"

function createUmzug(sequelize: Sequelize, logger: Logger) {
  return new Umzug<Sequelize>({
    migrations: {
      glob: ['[0-9]*.ts', { cwd: MIGRATIONS_DIR }],
      resolve: ({ name, path: file, context }) => ({
        name: name.replace(/\.ts$/, ''),
        up: async () => {
          const mod = (await import(file!)) as MigrationModule;
          await context.transaction(async (tx) => {
            await mod.up({
              sequelize: context,
              tx,
              query: (sql, replacements) => context.query(sql, { transaction: tx, replacements }),
            });
          });
        },
      }),
    },
    context: sequelize,
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: {
      info: (m) => logger.info(m, 'migration'),
      warn: (m) => logger.warn(m, 'migration'),
      error: (m) => logger.error(m, 'migration'),
      debug: (m) => logger.debug(m, 'migration'),
    },
  });
}

/** Applies pending migrations in order, each in its own transaction, under a PostgreSQL advisory lock. */
export async function migrate(url: string, sequelize: Sequelize, logger: Logger): Promise<string[]> {
  const lockClient = new pg.Client({ connectionString: url });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    const applied = await createUmzug(sequelize, logger.child({ component: 'migrator' })).up();
    return applied.map((m) => m.name);
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}

export async function pendingMigrations(sequelize: Sequelize, logger: Logger): Promise<string[]> {
  return (await createUmzug(sequelize, logger).pending()).map((m) => m.name);
}

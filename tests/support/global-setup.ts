import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createLogger } from '../../server/src/platform/logger.ts';
import { createSequelize } from '../../server/src/platform/db/sequelize.ts';
import { migrate } from '../../server/src/platform/db/migrator.ts';
import { databaseUrl, startTestPostgres, withAdmin } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * Once per test run: a PostgreSQL server and a template database with every migration applied.
 * Each test file then gets its own database cloned from the template in milliseconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  const template = `pitwall_tpl_${randomBytes(4).toString('hex')}`;
  await withAdmin(postgres.adminUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(template)}`));
  const url = databaseUrl(postgres.adminUrl, template);
  const logger = createLogger('warn');
  const sequelize = createSequelize(url, 2, logger);
  await migrate(url, sequelize, logger);
  await sequelize.close();
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplate', template);
  return async () => {
    if (postgres.external) {
      await withAdmin(postgres.adminUrl, async (c) => {
        const { rows } = await c.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE 'pitwall_t%' AND (datname = $1 OR datname LIKE $2)`,
          [template, `pitwall_test_${template.slice(-8)}_%`],
        );
        for (const { datname } of rows)
          await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
      });
    }
    await postgres.stop();
  };
}

import type { Sequelize } from 'sequelize';
import type { Config } from '../../config.ts';
import type { Logger } from '../logger.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { createSequelize } from './sequelize.ts';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  sequelize: Sequelize;
  /** Closes the pool, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

/** Opens the configured database: the external server from PITWALL_DATABASE_URL, or the embedded one. */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const embedded = config.database.url
    ? null
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.database.embeddedPort,
        database: 'pitwall',
        logger,
      });
  const url = config.database.url ?? embedded!.url;
  const sequelize = createSequelize(url, config.database.poolMax, logger);
  try {
    await sequelize.authenticate();
  } catch (err) {
    await embedded?.stop();
    throw new Error(
      `Cannot connect to PostgreSQL (${redactUrl(url)}): ${(err as Error).message}. Check PITWALL_DATABASE_URL.`,
    );
  }
  return {
    url,
    embedded: embedded !== null,
    sequelize,
    close: async () => {
      await sequelize.close();
      await embedded?.stop();
    },
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

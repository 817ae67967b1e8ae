import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { loadEmbeddedPostgres } from './embedded-postgres-module.ts';
import { stopOrphanedCluster } from './orphaned-cluster.ts';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
}

const USER = 'pitwall';

/** The password of the embedded cluster, made once and kept beside it (readable by the owner only). */
function clusterPassword(dir: string): string {
  const file = path.join(dir, 'postgres-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * Starts the embedded PostgreSQL under `<dataDir>/postgres` on its own port and makes sure the
 * application database exists. Initialises the cluster on first use.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const clusterDir = path.join(options.dataDir, 'postgres');
  const password = clusterPassword(options.dataDir);
  const log = options.logger.child({ component: 'embedded-postgres' });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await stopOrphanedCluster(clusterDir, log);
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => log.debug(String(message).trim()),
    onError: (error) => log.debug({ err: error }, 'postgres stderr'),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir }, 'initialising the embedded PostgreSQL cluster');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL could not start on port ${options.port} (data in ${clusterDir}). ` +
        `If the port is taken, set PITWALL_EMBEDDED_DB_PORT. Cause: ${(err as Error)?.message ?? String(err)}`,
    );
  }
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  await ensureDatabase(
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    options.database,
  );
  log.info({ port: options.port }, 'embedded PostgreSQL started');
  return {
    url,
    stop: async () => {
      await server.stop();
      log.info('embedded PostgreSQL stopped');
    },
  };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

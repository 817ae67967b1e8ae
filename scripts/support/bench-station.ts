import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { startStation, type RunningStation } from '../../server/src/station.ts';
import { databaseUrl, startTestPostgres, withAdmin } from '../../tests/support/postgres.ts';

export interface BenchStation {
  station: RunningStation;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * A station for a benchmark: on PITWALL_DATABASE_URL's server when set (a fresh database is created
 * next to it), else on a throw-away embedded PostgreSQL with its durable defaults (fsync on).
 * Ports are free ones; demo data off.
 */
export async function startBenchStation(env: Record<string, string> = {}): Promise<BenchStation> {
  const postgres = await startTestPostgres({ durable: true });
  const name = `pitwall_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin(postgres.adminUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = databaseUrl(postgres.adminUrl, name);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pitwall-bench-'));
  const config = loadConfig({
    PITWALL_DATABASE_URL: url,
    PITWALL_DATA_DIR: dataDir,
    PITWALL_HTTP_HOST: '127.0.0.1',
    PITWALL_HTTP_PORT: '0',
    PITWALL_MQTT_HOST: '127.0.0.1',
    PITWALL_MQTT_PORT: '0',
    PITWALL_DEMO: '0',
    PITWALL_SIMULATE: '0',
    PITWALL_LOG_LEVEL: 'error',
    PITWALL_DB_POOL_MAX: '20',
    ...env,
  });
  const station = await startStation(config, createLogger(config.logLevel), { jobs: false });
  return {
    station,
    databaseUrl: url,
    stop: async () => {
      await station.stop();
      await withAdmin(postgres.adminUrl, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
      );
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

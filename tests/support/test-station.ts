import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/src/config.ts';
import type { Clock } from '../../server/src/platform/clock.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { startStation, type RunningStation } from '../../server/src/station.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestStation extends RunningStation {
  baseUrl: string;
  database: TestDatabase;
  /** Stops the station and drops its database. */
  close(): Promise<void>;
}

export interface TestStationOptions {
  env?: Record<string, string>;
  clock?: Clock;
  jobs?: boolean;
  /** Reuse a database (a restart in a fault test) instead of a fresh one. */
  database?: TestDatabase;
  dataDir?: string;
}

/** A whole station (HTTP, socket.io, MQTT, jobs) on free ports against its own fresh database. */
export async function startTestStation(options: TestStationOptions = {}): Promise<TestStation> {
  const database = options.database ?? (await createTestDatabase());
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'pitwall-test-data-'));
  const config: Config = loadConfig(
    {
      PITWALL_DATABASE_URL: database.url,
      PITWALL_DATA_DIR: dataDir,
      PITWALL_HTTP_HOST: '127.0.0.1',
      PITWALL_HTTP_PORT: '0',
      PITWALL_MQTT_HOST: '127.0.0.1',
      PITWALL_MQTT_PORT: '0',
      PITWALL_DEMO: '0',
      PITWALL_SIMULATE: '0',
      PITWALL_TIMEZONE: 'Europe/Moscow',
      PITWALL_LOG_LEVEL: process.env.PITWALL_TEST_LOG_LEVEL ?? 'silent',
      PITWALL_SHUTDOWN_TIMEOUT_MS: '3000',
      PITWALL_LOGIN_FAILURES_PER_MINUTE: '1000',
      ...options.env,
    },
    path.resolve(import.meta.dirname, '../..'),
  );
  const station = await startStation(config, createLogger(config.logLevel), {
    clock: options.clock,
    jobs: options.jobs ?? false,
  });
  return {
    ...station,
    database,
    baseUrl: `http://127.0.0.1:${station.httpPort}`,
    close: async () => {
      await station.stop();
      if (!options.database) await database.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

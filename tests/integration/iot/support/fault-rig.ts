import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { BridgeController } from '../../../../firmware-bridge/src/controller/controller.ts';
import { createBridgeLogger } from '../../../../firmware-bridge/src/logger.ts';
import type { SimulatedReader } from '../../../../firmware-bridge/src/readers/simulated-reader.ts';
import { bridgeConfig } from '../../bridge/support/bridge-fixtures.ts';
import { ApiClient } from '../../../support/api-client.ts';
import { registerBridge } from '../../../support/bridges.ts';
import { freePort } from '../../../support/postgres.ts';
import { spawnServer, type ServerProcess } from '../../../support/server-process.ts';

/** A temp directory the embedded PostgreSQL user may enter; removed by `cleanup()`. */
export function makeTempDirs() {
  const dirs: string[] = [];
  return {
    make(prefix: string): string {
      const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
      chmodSync(dir, 0o755);
      dirs.push(dir);
      return dir;
    },
    cleanup(): void {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real server process (`server/src/main.ts`) on fixed ports, so a restart is the same station. */
export class StationProcess {
  private process: ServerProcess | null = null;
  readonly env: Record<string, string>;

  private constructor(env: Record<string, string>) {
    this.env = env;
  }

  static async create(
    databaseUrl: string,
    dataDir: string,
    extraEnv: Record<string, string> = {},
  ): Promise<StationProcess> {
    return new StationProcess({
      PITWALL_DATABASE_URL: databaseUrl,
      PITWALL_DATA_DIR: dataDir,
      PITWALL_HTTP_HOST: '127.0.0.1',
      PITWALL_HTTP_PORT: String(await freePort()),
      PITWALL_MQTT_HOST: '127.0.0.1',
      PITWALL_MQTT_PORT: String(await freePort()),
      PITWALL_DEMO: '0',
      PITWALL_SIMULATE: '0',
      ...extraEnv,
    });
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.env.PITWALL_HTTP_PORT}`;
  }

  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.env.PITWALL_MQTT_PORT}`;
  }

  async start(): Promise<void> {
    this.process = spawnServer(this.env);
    await this.process.waitFor('is running', 60_000);
  }

  output(): string {
    return this.process?.output() ?? '';
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const running = this.process;
    if (!running) return;
    running.kill(signal);
    await running.exited();
    this.process = null;
  }
}

const OWNER = { login: 'owner', password: 'owner-password-1' };

/** Creates the owner through the API and registers `count` bridges; returns their secrets. */
export async function registerBridges(
  station: StationProcess,
  count: number,
): Promise<Array<{ id: string; secret: string }>> {
  const owner = new ApiClient(station.httpUrl);
  const created = await owner.post('/api/setup/owner', { ...OWNER, displayName: 'Owner' });
  if (created.status !== 201)
    throw new Error(`owner setup failed: ${created.status} ${JSON.stringify(created.body)}`);
  const bridges = [];
  for (let i = 1; i <= count; i++) bridges.push(await registerBridge(owner, `fault-${i}`));
  return bridges;
}

/** A client signed in as the owner registerBridges created (a station restart keeps the account). */
export async function signInOwner(station: StationProcess): Promise<ApiClient> {
  const owner = new ApiClient(station.httpUrl);
  const res = await owner.post('/api/auth/login', OWNER);
  if (res.status !== 200) throw new Error(`owner sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return owner;
}

export interface RunningBridge {
  id: string;
  controller: BridgeController;
  /** The simulated reader r1. */
  reader: SimulatedReader;
  /** Taps made on this bridge's readers (its badge events). */
  tapped: number;
  /** Every tap made on this bridge, in order: what its badge events must be, in eventId order. */
  sent: Array<{ readerId: string; uid: string }>;
}

/**
 * A real bridge (controller + disk outbox + mqtt link) with simulated readers (r1 unless told), talking
 * to the station's broker or to `link.serverUrl` (a relay that can cut the network) with its keepalive.
 */
export async function startBridge(
  station: StationProcess,
  credentials: { id: string; secret: string },
  dataDir: string,
  readerIds: string[] = ['r1'],
  link: { serverUrl?: string; keepaliveSeconds?: number } = {},
): Promise<RunningBridge> {
  const config = bridgeConfig(link.serverUrl ?? station.mqttUrl, dataDir, {
    bridgeId: credentials.id,
    secret: credentials.secret,
    reconnectMs: 200,
    ...(link.keepaliveSeconds ? { keepaliveSeconds: link.keepaliveSeconds } : {}),
    readers: readerIds.map((id) => ({ id, driver: 'simulated' })),
  });
  const controller = new BridgeController({
    config,
    logger: createBridgeLogger(config.logLevel, config.bridgeId),
  });
  await controller.start();
  return {
    id: credentials.id,
    controller,
    reader: controller.readers.get('r1') as SimulatedReader,
    tapped: 0,
    sent: [],
  };
}

/** Taps `uid` on one of the bridge's simulated readers and counts it. */
export function tap(bridge: RunningBridge, readerId: string, uid: string): void {
  const reader = bridge.controller.readers.get(readerId) as SimulatedReader | undefined;
  if (!reader) throw new Error(`bridge ${bridge.id} has no reader ${readerId}`);
  reader.tap(uid);
  bridge.tapped += 1;
  bridge.sent.push({ readerId, uid });
}

/** Taps a distinct card on every bridge every `intervalMs` until stopped. */
export function streamTaps(bridges: RunningBridge[], intervalMs: number): { stop(): void } {
  let n = 0;
  const timer = setInterval(() => {
    for (const bridge of bridges) {
      n += 1;
      tap(bridge, 'r1', `04${n.toString(16).toUpperCase().padStart(12, '0')}`);
    }
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}

export async function storedEvents(
  databaseUrl: string,
): Promise<Array<{ bridge_id: string; events: number; distinct_ids: number }>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT bridge_id, count(*)::int AS events, count(DISTINCT event_id)::int AS distinct_ids
         FROM shopfloor_events WHERE kind = 'badge' GROUP BY bridge_id ORDER BY bridge_id`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Bridge events copied into the labour log, per bridge (the labour engine's input). */
export async function labourLogEvents(databaseUrl: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ source: string; events: number }>(
      `SELECT source, count(*)::int AS events FROM labour_events WHERE source LIKE 'bridge:%' GROUP BY source`,
    );
    return new Map(rows.map((r) => [r.source.slice('bridge:'.length), r.events]));
  } finally {
    await client.end();
  }
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

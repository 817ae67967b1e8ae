import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { createApp } from './app.ts';
import type { AppDeps } from './deps.ts';
import { defineModels } from './models.ts';
import {
  authenticateBridge,
  MqttBroker,
  ShopfloorIngest,
  tapFeedbackListener,
  type TapOutcomeResolver,
} from './modules/iot/index.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { lockDataDir } from './platform/data-dir-lock.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/connect.ts';
import { migrate } from './platform/db/migrator.ts';
import { EventBus } from './platform/events.ts';
import { JobRunner } from './platform/jobs.ts';
import type { Logger } from './platform/logger.ts';
import { Realtime } from './realtime/realtime-server.ts';
import { registerRealtime } from './realtime/register.ts';
import { registerCrm, registerLoyaltyDiscountHandler } from './modules/crm/index.ts';
import { applyFixedDiscount } from './modules/workshop/index.ts';
import { timeclockOf } from './modules/timeclock/index.ts';
import { registerNotifications, type NotificationService } from './modules/notifications/index.ts';
import { VERSION } from './version.ts';
import { seedDemoStation } from '../../db/seeds/demo/index.ts';
import { startShopfloorSimulator, type ShopfloorSimulator } from './modules/simulator/index.ts';

/** More bridge messages than this waiting in the ingest mean a flood (outboxes replaying, a burst). */
const INGEST_FLOODED = 200;

export interface StationOptions {
  clock?: Clock;
  /** Start the pg-boss job runner (default true). */
  jobs?: boolean;
}

export interface RunningStation {
  config: Config;
  deps: AppDeps;
  db: DatabaseHandle;
  httpServer: http.Server;
  realtime: Realtime;
  broker: MqttBroker;
  ingest: ShopfloorIngest;
  jobs: JobRunner | null;
  /** Customer messages: the sender (`sendDue`), channel status, the simulated outbox. */
  notifications: NotificationService;
  httpPort: number;
  mqttPort: number;
  demoSeeded: boolean;
  /** The simulated shop floor (PITWALL_DEMO and PITWALL_SIMULATE on a demo database), else null. */
  simulator: ShopfloorSimulator | null;
  stop(): Promise<void>;
}

/**
 * Boots one station: database (embedded or external) → migrations → models → demo data → HTTP and
 * socket.io → MQTT broker → jobs. `stop()` shuts down in reverse and finishes requests in flight.
 */
let running = 0;

export async function startStation(
  config: Config,
  logger: Logger,
  options: StationOptions = {},
): Promise<RunningStation> {
  // Sequelize models are bound per process: two live stations in one process would share them.
  if (running > 0)
    throw new Error('A station is already running in this process; stop it before starting another');
  running += 1;
  const cleanups: Array<() => Promise<void> | void> = [() => void (running -= 1)];
  const runCleanups = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        logger.error({ err }, 'shutdown step failed');
      }
    }
  };
  try {
    const unlock = lockDataDir(config.dataDir);
    cleanups.push(unlock);

    const db = await openDatabase(config, logger);
    cleanups.push(() => db.close());
    const applied = await migrate(db.url, db.sequelize, logger);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    defineModels(db.sequelize);

    const clock = options.clock ?? systemClock;
    const bus = new EventBus(logger);
    const jobs = options.jobs === false ? null : new JobRunner(db.url, config.station.timezone, logger);
    const broker = new MqttBroker({
      host: config.mqtt.host,
      port: config.mqtt.port,
      tls: config.mqtt.tls,
      version: VERSION,
      logger,
      authenticateBridge: (id, secret) => authenticateBridge(db.sequelize, id, secret),
    });
    const deps: AppDeps = {
      config,
      logger,
      sequelize: db.sequelize,
      bus,
      clock,
      version: VERSION,
      readiness: { broker: () => broker.isUp(), jobs: () => jobs === null || jobs.isRunning() },
    };

    registerCrm(deps, jobs);
    registerLoyaltyDiscountHandler(applyFixedDiscount);
    const notifications = registerNotifications(deps, jobs);
    cleanups.push(() => notifications.close());

    const timeclock = timeclockOf(deps);
    cleanups.push(() => timeclock.close());
    const demoSeeded = config.demo ? await seedDemoStation(deps) : false;
    await timeclock.start();

    const app = createApp(deps);
    const httpServer = http.createServer(app.callback());
    httpServer.keepAliveTimeout = 5_000;
    const realtime = new Realtime(httpServer, { sequelize: db.sequelize, clock, logger });
    registerRealtime(realtime, deps);
    timeclock.attachRealtime(realtime);
    await listenHttp(httpServer, config.http.port, config.http.host);
    cleanups.push(() => closeHttp(httpServer, realtime, config.shutdownTimeoutMs));

    const ingest = new ShopfloorIngest({ sequelize: db.sequelize, databaseUrl: db.url, bus, clock, logger });
    const tapResolver: TapOutcomeResolver = timeclock.resolveTaps;
    ingest.onStored(timeclock.takeBridgeEvents);
    const feedback = tapFeedbackListener({ broker, clock, logger, resolve: () => tapResolver });
    ingest.onStored(feedback);
    ingest.onStored(timeclock.copyBridgeEvents);
    timeclock.publisher.flooded = () => ingest.backlog() > INGEST_FLOODED;
    broker.onPublish((bridgeId, topic, payload) => ingest.handle(bridgeId, topic, payload));
    broker.onClients({
      onConnected: (id) =>
        void ingest.availability
          .connected(id)
          .catch((err: unknown) => logger.error({ err }, 'availability update failed')),
      onDisconnected: (id) =>
        void ingest.availability
          .disconnected(id)
          .catch((err: unknown) => logger.error({ err }, 'availability update failed')),
    });
    bus.subscribe((event) => {
      if (event.type === 'bridge.credentials_changed') broker.disconnectClient(String(event.bridgeId));
    });
    await ingest.availability.resetAll();
    cleanups.push(async () => {
      await ingest.close();
      await feedback.settled();
    });
    await broker.start();
    cleanups.push(() => broker.stop());

    if (jobs) {
      await jobs.start();
      cleanups.push(() => jobs.stop(config.shutdownTimeoutMs));
    }

    // Last to start, first to stop: the simulated people and bridges need the broker and the ingest.
    const simulator =
      config.demo && config.simulate ? await startShopfloorSimulator(deps, { port: broker.port() }) : null;
    if (simulator) cleanups.push(() => simulator.stop());

    return {
      config,
      deps,
      db,
      httpServer,
      realtime,
      broker,
      ingest,
      jobs,
      notifications,
      httpPort: (httpServer.address() as AddressInfo).port,
      mqttPort: broker.port(),
      demoSeeded,
      simulator,
      stop: runCleanups,
    };
  } catch (err) {
    await runCleanups();
    throw err;
  }
}

function listenHttp(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`The HTTP port ${port} is already in use. Set PITWALL_HTTP_PORT to a free port.`)
          : err,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

/** Stops taking connections, lets requests in flight finish, then cuts what is left after the timeout. */
async function closeHttp(server: http.Server, realtime: Realtime, timeoutMs: number): Promise<void> {
  realtime.close();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearTimeout(timer);
}

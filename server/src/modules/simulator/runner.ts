import type { Sequelize } from 'sequelize';
import type { AppDeps } from '../../deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { startBridges, stopBridges, type SimBridge } from './bridges.ts';
import { dueKeys } from './rules/due-list.ts';
import { nextIncident, type Incident } from './rules/incidents.ts';
import { decideLift, newLift, type LiftAction, type LiftState } from './rules/lift.ts';
import { decideMechanic, newMechanic, type MechanicAction, type MechanicState } from './rules/mechanic.ts';
import { createRng, type Rng } from './rules/random.ts';
import type { OrderView } from './rules/types.ts';
import { loadActors, WorkshopActions } from './workshop-actions.ts';
import {
  liftView,
  loadOrderOnLift,
  loadWorld,
  type SimLift,
  type SimMechanic,
  type SimWorld,
} from './world.ts';
import { DEMO_DEVICES } from '../../../../db/seeds/demo/shopfloor.ts';

const MINUTE = 60;
/** An actor whose move failed looks again after this many simulated seconds. */
const RETRY_AFTER = 2 * MINUTE;
const SENSOR_SPACING_MS = 250;

export interface SimulatorOptions {
  /** Simulated seconds per real second. */
  speed: number;
  seed: number;
  /** The station's own broker, e.g. mqtt://127.0.0.1:1883. */
  brokerUrl: string;
  /** PITWALL_DATA_DIR: the bridges' outboxes go under <dataDir>/simulator. */
  dataDir: string;
  logger: Logger;
}

export interface SimulatorStats {
  decisions: number;
  taps: number;
  sensorChanges: number;
  jobActions: number;
  carsBrought: number;
  carsFinished: number;
  partsRequested: number;
  partsIssued: number;
  decided: number;
  collected: number;
  malformed: number;
  unknownBadges: number;
  /** Moves refused by the workshop (409: someone else already did it) or that failed. */
  refused: number;
  errors: number;
}

interface Agent {
  name: string;
  dueAt: number;
  run(now: number): Promise<number>;
}

/**
 * The simulated shop floor: mechanics, the foreman, the advisor and the storekeeper of the demo
 * station, acting through the real interfaces. Taps and sensors go through real bridges
 * (@pitwall/firmware-bridge controllers with simulated devices) to the station's broker; job
 * actions, placements, parts and decisions go through the module commands. The people's choices
 * are pure rules (rules/); this class only keeps time and does the I/O. One move at a time, so a
 * seed gives the same sequence of decisions. Nothing it does can take the station down: a failed
 * move is logged and the actor tries again later.
 */
export class ShopfloorSimulator {
  readonly stats: SimulatorStats = {
    decisions: 0,
    taps: 0,
    sensorChanges: 0,
    jobActions: 0,
    carsBrought: 0,
    carsFinished: 0,
    partsRequested: 0,
    partsIssued: 0,
    decided: 0,
    collected: 0,
    malformed: 0,
    unknownBadges: 0,
    refused: 0,
    errors: 0,
  };
  private readonly agents: Agent[] = [];
  private readonly mechanics = new Map<string, MechanicState>();
  private readonly sensorSetAt = new Map<string, number>();
  private readonly log: Logger;
  private readonly startedAt = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly options: SimulatorOptions,
    private readonly world: SimWorld,
    private readonly bridges: Map<string, SimBridge>,
    private readonly actions: WorkshopActions,
    private readonly sequelize: Sequelize,
  ) {
    this.log = options.logger;
  }

  /**
   * Starts the simulation on a demo database; returns null (and does nothing) on any other database:
   * a real station never has the demo mechanics' badges or the demo bridges.
   */
  static async start(deps: AppDeps, options: SimulatorOptions): Promise<ShopfloorSimulator | null> {
    const log = options.logger;
    const world = await loadWorld(deps.sequelize);
    if (!world || world.lifts.length === 0) {
      log.info('no demo shop floor in this database: the simulator stays off');
      return null;
    }
    const actors = await loadActors(deps.sequelize);
    const bridges = await startBridges(
      deps,
      { type: 'system', id: null, name: 'Shop-floor simulator' },
      {
        ids: [world.entranceBridge, ...world.lifts.map((l) => l.bridgeId)],
        brokerUrl: options.brokerUrl,
        dataDir: options.dataDir,
        logger: log,
      },
    );
    const sim = new ShopfloorSimulator(
      options,
      world,
      new Map(bridges.map((b) => [b.id, b])),
      new WorkshopActions(deps, actors),
      deps.sequelize,
    );
    try {
      await sim.setUp();
    } catch (err) {
      await stopBridges(bridges);
      throw err;
    }
    log.info(
      {
        speed: options.speed,
        seed: options.seed,
        bridges: bridges.length,
        mechanics: world.mechanics.length,
      },
      'simulated shop floor started',
    );
    sim.schedule();
    return sim;
  }

  /** Simulated seconds since the start. */
  now(): number {
    return ((Date.now() - this.startedAt) / 1000) * this.options.speed;
  }

  bridgeIds(): string[] {
    return [...this.bridges.keys()];
  }

  /** Stops the people first, then the bridges (what is in flight is acknowledged, status offline). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A move in flight finishes (or, with the database already gone, is given up after a second).
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
      clearTimeout(timer);
    }
    await stopBridges([...this.bridges.values()]);
    this.log.info({ stats: this.stats }, 'simulated shop floor stopped');
  }

  private async setUp(): Promise<void> {
    const rng = createRng(this.options.seed);
    const now = this.now();
    // The bay sensors start as the lifts are: a car on the lift means an occupied bay (lifts are down).
    for (const lift of this.world.lifts) {
      const order = await loadOrderOnLift(this.sequelize, lift.id);
      await this.setSensor(lift, 'bay', order ? 'occupied' : 'free');
    }
    this.world.mechanics.forEach((m, index) => {
      const mrng = rng.fork(`mechanic:${index}`);
      this.mechanics.set(m.staffId, newMechanic(mrng, index, m.staffId, now));
      const lift = this.homeLift(index);
      this.agents.push({
        name: `mechanic ${m.name}`,
        dueAt: this.mechanics.get(m.staffId)!.plan.arriveAt,
        run: (t) => this.mechanicTurn(m, lift, mrng, t),
      });
    });
    this.world.lifts.forEach((lift) => {
      const lrng = rng.fork(`lift:${lift.code}`);
      let state = newLift();
      this.agents.push({
        name: `lift ${lift.code}`,
        dueAt: now + lrng.int(30, 3 * MINUTE),
        run: async (t) => {
          const result = await this.liftTurn(lift, state, lrng, t);
          state = result.state;
          return result.next;
        },
      });
    });
    const srng = rng.fork('storekeeper');
    const requests = new Map<string, number>();
    this.agents.push({
      name: 'storekeeper',
      dueAt: now + MINUTE,
      run: async (t) => {
        const due = dueKeys(
          requests,
          await this.actions.openPartsRequests(),
          t,
          () => srng.int(10, 40) * MINUTE,
        );
        for (const id of due) {
          if (this.stopped) break;
          await this.attempt('issue parts', async () => {
            await this.actions.issueParts(id);
            this.stats.partsIssued += 1;
          });
        }
        return srng.int(3 * MINUTE, 6 * MINUTE);
      },
    });
    const arng = rng.fork('advisor');
    const lines = new Map<string, number>();
    const cars = new Map<string, number>();
    this.agents.push({
      name: 'advisor',
      dueAt: now + 2 * MINUTE,
      run: async (t) => {
        const pending = await this.actions.pendingDecisions();
        const due = new Set(
          dueKeys(
            lines,
            pending.map((p) => p.lineId),
            t,
            () => arng.int(10, 45) * MINUTE,
          ),
        );
        for (const p of pending.filter((x) => due.has(x.lineId))) {
          if (this.stopped) break;
          await this.attempt('decide', async () => {
            await this.actions.decide(p.orderId, p.lineId, arng.chance(0.65));
            this.stats.decided += 1;
          });
        }
        for (const id of dueKeys(
          cars,
          await this.actions.carsToCollect(),
          t,
          () => arng.int(20, 60) * MINUTE,
        )) {
          if (this.stopped) break;
          await this.attempt('collect', async () => {
            await this.actions.collect(id, arng);
            this.stats.collected += 1;
          });
        }
        return arng.int(4 * MINUTE, 8 * MINUTE);
      },
    });
    const irng = rng.fork('incidents');
    const planned = nextIncident(irng, true, 0);
    let pending: Incident = planned.incident;
    this.agents.push({
      name: 'incidents',
      dueAt: now + planned.after,
      run: async () => {
        await this.incident(pending, irng);
        const next = nextIncident(irng, false, irng.int(1_000_000, 9_000_000));
        pending = next.incident;
        return next.after;
      },
    });
  }

  private homeLift(index: number): SimLift {
    return this.world.lifts[index % this.world.lifts.length]!;
  }

  private liftBridge(lift: SimLift): SimBridge | undefined {
    return this.bridges.get(lift.bridgeId);
  }

  private sensorState(lift: SimLift, sensor: 'lift' | 'bay'): string | null {
    const id = sensor === 'lift' ? DEMO_DEVICES.liftSensor : DEMO_DEVICES.baySensor;
    return this.liftBridge(lift)?.sensors.get(id)?.state ?? null;
  }

  /**
   * Sets a simulated sensor. Two sensors of one bridge changing within a few milliseconds make the
   * bridge write its sensor-states file twice at once (firmware-bridge SensorStateStore is not
   * serialised), so changes on one bridge are spaced by SENSOR_SPACING_MS of real time.
   */
  private async setSensor(lift: SimLift, sensor: 'lift' | 'bay', state: string): Promise<void> {
    const id = sensor === 'lift' ? DEMO_DEVICES.liftSensor : DEMO_DEVICES.baySensor;
    const device = this.liftBridge(lift)?.sensors.get(id);
    if (!device || device.state === state) return;
    const wait = (this.sensorSetAt.get(lift.bridgeId) ?? 0) + SENSOR_SPACING_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    device.set(state);
    this.sensorSetAt.set(lift.bridgeId, Date.now());
    this.stats.sensorChanges += 1;
  }

  private tap(bridgeId: string, uid: string): void {
    const reader = this.bridges.get(bridgeId)?.readers.get(DEMO_DEVICES.reader);
    if (!reader) return;
    reader.tap(uid);
    this.stats.taps += 1;
  }

  private sessionsAt(lift: SimLift, except?: string): number {
    let n = 0;
    this.world.mechanics.forEach((m, index) => {
      if (m.staffId === except || this.homeLift(index).id !== lift.id) return;
      if (this.mechanics.get(m.staffId)?.phase === 'at_lift') n += 1;
    });
    return n;
  }

  private async view(lift: SimLift, except?: string) {
    const order = await loadOrderOnLift(this.sequelize, lift.id);
    return liftView(
      lift,
      order,
      {
        raised: this.sensorState(lift, 'lift') === 'raised',
        bayOccupied: this.sensorState(lift, 'bay') === 'occupied',
      },
      this.sessionsAt(lift, except),
    );
  }

  private async mechanicTurn(m: SimMechanic, lift: SimLift, rng: Rng, now: number): Promise<number> {
    const view = await this.view(lift, m.staffId);
    const decision = decideMechanic(this.mechanics.get(m.staffId)!, view, now, rng);
    this.mechanics.set(m.staffId, decision.state);
    this.stats.decisions += 1;
    for (const action of decision.actions) {
      if (this.stopped) break;
      await this.attempt(`${m.name}: ${describe(action)}`, () =>
        this.perform(m, lift, view.order, action, rng),
      );
    }
    return decision.next;
  }

  private async perform(
    m: SimMechanic,
    lift: SimLift,
    order: OrderView | null,
    action: MechanicAction,
    rng: Rng,
  ): Promise<void> {
    switch (action.type) {
      case 'tap':
        return this.tap(action.at === 'entrance' ? this.world.entranceBridge : lift.bridgeId, m.uid);
      case 'lift':
        return this.setSensor(lift, 'lift', action.state);
      case 'job':
        await this.actions.job(lift, action.action, action.lineId, m.staffId, action.reason);
        this.stats.jobActions += 1;
        return;
      case 'request_parts':
        if (!order) return;
        await this.actions.requestParts(lift, order.id, action.lineId);
        this.stats.partsRequested += 1;
        return;
      case 'propose_extra':
        if (order) await this.actions.proposeExtra(lift, order.id, rng);
        return;
    }
  }

  private async liftTurn(lift: SimLift, state: LiftState, rng: Rng, now: number) {
    const view = await this.view(lift);
    const decision = decideLift(state, view, this.sessionsAt(lift), now, rng);
    this.stats.decisions += 1;
    for (const action of decision.actions) {
      if (this.stopped) break;
      await this.attempt(`${lift.code}: ${action.type}`, () => this.performLift(lift, action, rng));
    }
    return decision;
  }

  private async performLift(lift: SimLift, action: LiftAction, rng: Rng): Promise<void> {
    switch (action.type) {
      case 'sensor':
        return this.setSensor(lift, action.sensor, action.state);
      case 'bring_car': {
        const staff = this.world.mechanics
          .filter((_, i) => this.homeLift(i).id === lift.id)
          .map((x) => x.staffId);
        const orderId = await this.actions.bringCar(lift, staff, rng);
        if (orderId) this.stats.carsBrought += 1;
        return;
      }
      case 'finish_car':
        await this.actions.finishCar(action.orderId);
        this.stats.carsFinished += 1;
        return;
    }
  }

  private async incident(incident: Incident, rng: Rng): Promise<void> {
    const lift = rng.pick(this.world.lifts);
    const bridge = this.liftBridge(lift);
    if (!bridge) return;
    if (incident.type === 'unknown_badge') {
      await this.attempt('unknown badge', async () => {
        this.tap(bridge.id, incident.uid);
        this.stats.unknownBadges += 1;
      });
      return;
    }
    const link = bridge.controller.link;
    if (!link.isConnected) return;
    await new Promise<void>((resolve) =>
      link.publishRaw(link.topics.events(incident.topic), incident.payload, false, (err) => {
        if (err) this.log.debug({ err: err.message }, 'simulated malformed payload not sent');
        else this.stats.malformed += 1;
        resolve();
      }),
    );
  }

  /** Runs one move; a refusal (409: the state moved on) is normal, anything else is logged. */
  private async attempt(what: string, work: () => Promise<void> | void): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        this.stats.refused += 1;
        this.log.debug({ what, err: err.message }, 'simulated move refused');
      } else {
        this.stats.errors += 1;
        this.log.warn({ what, err }, 'simulated move failed');
      }
    }
  }

  private schedule(): void {
    if (this.stopped || this.agents.length === 0) return;
    const next = Math.min(...this.agents.map((a) => a.dueAt));
    const delayMs = Math.max(0, ((next - this.now()) / this.options.speed) * 1000);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.running = this.tick().finally(() => {
          this.running = null;
          this.schedule();
        });
      },
      Math.min(Math.ceil(delayMs), 60_000),
    );
  }

  private async tick(): Promise<void> {
    const now = this.now();
    const due = this.agents.filter((a) => a.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    for (const agent of due) {
      if (this.stopped) return;
      let next = RETRY_AFTER;
      try {
        next = await agent.run(this.now());
      } catch (err) {
        this.stats.errors += 1;
        this.log.warn({ err, agent: agent.name }, 'simulated actor failed; it tries again later');
      }
      agent.dueAt = this.now() + Math.max(next, 1);
    }
  }
}

function describe(action: MechanicAction): string {
  switch (action.type) {
    case 'tap':
      return `tap at the ${action.at}`;
    case 'job':
      return `${action.action} job${action.reason ? ` (${action.reason})` : ''}`;
    case 'lift':
      return `lift ${action.state}`;
    default:
      return action.type;
  }
}

import pg from 'pg';
import { Sequelize } from 'sequelize';
import type {
  FloorStateDto,
  LiftFiguresDto,
  MechanicFiguresDto,
} from '../../../../server/src/contracts/labour.ts';
import type { StoredEvent } from '../../../../server/src/modules/iot/ingest/event-store.ts';
import {
  derive,
  localDateOf,
  prepareStation,
  type LabourEvent,
} from '../../../../server/src/modules/timeclock/engine/index.ts';
import type { LabourService } from '../../../../server/src/modules/timeclock/live/labour-service.ts';
import { bridgeLabourEvent } from '../../../../server/src/modules/timeclock/log/bridge-event.ts';
import { loadStationModel } from '../../../../server/src/modules/timeclock/model/load-station-model.ts';
import { liftFigures, mechanicFigures } from '../../../../server/src/modules/timeclock/queries/figures.ts';
import type { ApiClient } from '../../../support/api-client.ts';
import { tap, type RunningBridge } from './fault-rig.ts';

/**
 * A labour scenario for the fault tests: lifts behind the bridges' readers, mechanics with badges and
 * round-the-clock shifts, a stream of their taps, and the figures two ways — the station's API, and the
 * pure labour engine run on what the bridges sent (the figures of an undisturbed run).
 */

/** The lift reader of every bridge; the entrance reader of every bridge; the door every mechanic leaves by. */
export const LIFT_READER = 'r1';
export const ENTRANCE_READER = 'r2';
export const DOOR_READER = 'r3';
export const LABOUR_READERS = [LIFT_READER, ENTRANCE_READER, DOOR_READER];

/**
 * A fixed-offset zone where it is around noon now: "today" cannot turn into tomorrow during the test,
 * and the shifts (00:00–23:59) cover every tap. (Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.)
 */
export function middayTimeZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours(); // −11 … +12, all valid Etc zones
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

export interface FloorMechanic {
  staffId: string;
  name: string;
  uid: string;
}

export interface LabourFloor {
  lifts: Array<{ id: string; bridgeId: string }>;
  mechanics: FloorMechanic[];
}

async function ok<T>(what: string, res: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await res;
  if (r.status !== 200 && r.status !== 201)
    throw new Error(`${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * Through the station's API: one lift per bridge with the bridge's r1 bound to it, r2 of every bridge
 * and r3 of the first bound to the entrance, and `count` mechanics with a badge and shifts all week.
 */
export async function setUpLabourFloor(
  owner: ApiClient,
  bridges: RunningBridge[],
  count: number,
): Promise<LabourFloor> {
  const lifts = [];
  for (const [i, bridge] of bridges.entries()) {
    const lift = await ok<{ id: string }>(
      'lift',
      owner.post('/api/lifts', { code: `FL-${i + 1}`, name: `Fault lift ${i + 1}`, kind: 'two_post' }),
    );
    await ok(
      'lift reader binding',
      owner.put(`/api/bridges/${bridge.id}/bindings/${LIFT_READER}`, { kind: 'reader', liftId: lift.id }),
    );
    await ok(
      'entrance binding',
      owner.put(`/api/bridges/${bridge.id}/bindings/${ENTRANCE_READER}`, { kind: 'reader', entrance: true }),
    );
    lifts.push({ id: lift.id, bridgeId: bridge.id });
  }
  await ok(
    'door binding',
    owner.put(`/api/bridges/${bridges[0]!.id}/bindings/${DOOR_READER}`, { kind: 'reader', entrance: true }),
  );
  const shifts = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startsAt: '00:00', endsAt: '23:59' }));
  const mechanics: FloorMechanic[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `Fault mechanic ${String(i).padStart(2, '0')}`;
    const staff = await ok<{ id: string }>(
      'staff',
      owner.post('/api/staff', { fullName: name, position: 'mechanic' }),
    );
    const uid = `0A${i.toString(16).toUpperCase().padStart(12, '0')}`;
    await ok('badge', owner.put(`/api/staff/${staff.id}/badge`, { uid }));
    await ok('shifts', owner.put(`/api/mechanics/${staff.id}/shifts`, { shifts }));
    mechanics.push({ staffId: staff.id, name, uid });
  }
  return { lifts, mechanics };
}

/** Where a mechanic's n-th tap goes: the entrance, the four lifts in turn, the entrance again. */
const CYCLE = ['entrance', 0, 1, 2, 3, 'entrance'] as const;

/**
 * Every `intervalMs` the next mechanic in turn taps the next place of its cycle (each starts at its own
 * point of it): it clocks in at an entrance, opens a session at a lift, moves from lift to lift and
 * clocks out (or clocks in on a lift tap). A mechanic taps every `mechanics × intervalMs`; with 24
 * mechanics and 50 ms that is 1.2 s, so the same card comes back to the same reader after 7.2 s (a lift)
 * or 14.4 s (an entrance: they take turns), clear of the 5 s duplicate window — every tap counts.
 */
export function streamMechanicTaps(
  bridges: RunningBridge[],
  mechanics: FloorMechanic[],
  intervalMs: number,
): { stop(): void } {
  if (bridges.length !== 4) throw new Error('the cycle needs four lifts');
  const taps = mechanics.map(() => 0);
  let tick = 0;
  const timer = setInterval(() => {
    const m = tick % mechanics.length;
    tick += 1;
    const n = taps[m]! + m;
    taps[m]! += 1;
    const place = CYCLE[n % CYCLE.length]!;
    if (place === 'entrance') tap(bridges[n % bridges.length]!, ENTRANCE_READER, mechanics[m]!.uid);
    else tap(bridges[place]!, LIFT_READER, mechanics[m]!.uid);
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}

export async function floorState(owner: ApiClient): Promise<FloorStateDto> {
  return ok<FloorStateDto>('floor', owner.get('/api/timeclock/floor'));
}

/** Clocks out at the door (a reader none of them used before) every mechanic the floor shows present. */
export async function clockOutEveryone(
  owner: ApiClient,
  door: RunningBridge,
  mechanics: FloorMechanic[],
): Promise<number> {
  const floor = await floorState(owner);
  let n = 0;
  for (const m of floor.mechanics) {
    if (m.state === 'absent') continue;
    const mechanic = mechanics.find((x) => x.staffId === m.staffId);
    if (!mechanic) throw new Error(`unexpected mechanic on the floor: ${m.name}`);
    tap(door, DOOR_READER, mechanic.uid);
    n += 1;
  }
  return n;
}

export interface StationFigures {
  mechanics: MechanicFiguresDto[];
  lifts: LiftFiguresDto[];
}

export interface ReferenceFigures extends StationFigures {
  /** The taps the engine refused (unknown badge, unbound reader, duplicate). */
  rejectedTaps: Array<{ uid: string; reason: string }>;
}

/** The figures the station serves for one local day. */
export async function stationFigures(owner: ApiClient, date: string): Promise<StationFigures> {
  const q = `from=${date}&to=${date}`;
  return {
    mechanics: await ok<MechanicFiguresDto[]>(
      'mechanic figures',
      owner.get(`/api/timeclock/figures/mechanics?${q}`),
    ),
    lifts: await ok<LiftFiguresDto[]>('lift figures', owner.get(`/api/timeclock/figures/lifts?${q}`)),
  };
}

interface ShopfloorRow {
  id: string;
  bridge_id: string;
  event_id: string;
  kind: StoredEvent['kind'];
  device_id: string;
  value: string;
  at: Date;
  sent_at: Date;
  received_at: Date;
  corrected_at: Date;
  payload: Record<string, unknown>;
}

/** The bridges' events as the station stored them (shopfloor_events), oldest eventId first per bridge. */
export async function shopfloorEvents(databaseUrl: string): Promise<StoredEvent[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<ShopfloorRow>(
      `SELECT id, bridge_id, event_id, kind, device_id, value, at, sent_at, received_at, corrected_at, payload
         FROM shopfloor_events ORDER BY bridge_id, event_id`,
    );
    return rows.map((r) => ({
      id: r.id,
      bridgeId: r.bridge_id,
      eventId: Number(r.event_id),
      kind: r.kind,
      deviceId: r.device_id,
      value: r.value,
      at: r.at,
      sentAt: r.sent_at,
      receivedAt: r.received_at,
      correctedAt: r.corrected_at,
      payload: r.payload,
    }));
  } finally {
    await client.end();
  }
}

/** Labour-log rows that did not come from a bridge (the reference below has only the bridges' events). */
export async function otherLabourEvents(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM labour_events WHERE source NOT LIKE 'bridge:%'`,
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/**
 * The figures of an undisturbed run: the station model read from its tables (loadStationModel, as the
 * server reads it), the bridges' stored events turned into labour events as the ingest hands them over
 * (bridgeLabourEvent), one derivation of the whole log by the pure engine up to `until`, and the server's
 * own presenters (queries/figures.ts) to turn it into the same DTOs — fed by a stand-in for the labour
 * service that answers with this derivation instead of the server's day ledger and log.
 */
export async function referenceFigures(
  databaseUrl: string,
  timeZone: string,
  date: string,
  until: number,
): Promise<ReferenceFigures> {
  const sequelize = new Sequelize(databaseUrl, { dialect: 'postgres', logging: false, timezone: '+00:00' });
  try {
    const facts = await loadStationModel(sequelize, timeZone);
    const station = prepareStation(facts.model);
    const events: LabourEvent[] = (await shopfloorEvents(databaseUrl)).map(bridgeLabourEvent);
    const derivation = derive(station, events, { from: date, to: date, until });
    const snap = { version: 0, facts, station, events };
    const service = {
      derivation: async () => ({ derivation, snap }),
      todayDate: () => localDateOf(until, timeZone),
    } as unknown as LabourService;
    return {
      mechanics: await mechanicFigures(service, date, date, null),
      lifts: await liftFigures(service, date, date),
      rejectedTaps: derivation.stationDays.flatMap((d) => d.rejectedTaps),
    };
  } finally {
    await sequelize.close();
  }
}

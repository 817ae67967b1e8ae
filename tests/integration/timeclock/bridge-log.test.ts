import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../server/src/platform/context.ts';
import { insertEvents, type StoredEvent } from '../../../server/src/modules/iot/ingest/event-store.ts';
import type { IncomingEvent } from '../../../server/src/modules/iot/rules/classify-message.ts';
import { timeclockOf } from '../../../server/src/modules/timeclock/index.ts';
import type { LabourEvent } from '../../../server/src/modules/timeclock/engine/index.ts';
import { LabourService } from '../../../server/src/modules/timeclock/live/labour-service.ts';
import type { LogCursor } from '../../../server/src/modules/timeclock/live/log-cursor.ts';
import { bridgeLabourEvent } from '../../../server/src/modules/timeclock/log/bridge-event.ts';
import { copyShopfloorEvents } from '../../../server/src/modules/timeclock/log/copy-shopfloor.ts';
import {
  appendLabourRows,
  readLabourRows,
  toLabourEvent,
  type StoredLabourRow,
} from '../../../server/src/modules/timeclock/log/labour-log.ts';
import type { LabourRow } from '../../../server/src/modules/timeclock/log/labour-row.ts';
import type { ApiClient } from '../../support/api-client.ts';
import {
  badgeEvent,
  connectBridge,
  connected,
  publish,
  registerBridge,
  type RegisteredBridge,
} from '../../support/bridges.ts';
import { makeLift, makeMechanic, signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';

/**
 * Bridge events reach the labour state twice: at once from the ingest (LabourService.accept of
 * bridgeLabourEvent(stored)) and later as the rows copyShopfloorEvents wrote into labour_events. That
 * only works if both are the same event (the contract below), if reading the copy back adds nothing,
 * and if reading the log never loses a row that committed after a higher id was read (LogCursor gaps).
 */

let station: TestStation;
let manager: ApiClient;
const clients: MqttClient[] = [];
/** Every batch the ingest stored, as its listeners got it (this listener runs after the station's own). */
const stored: StoredEvent[] = [];

beforeAll(async () => {
  station = await startTestStation();
  manager = (await signedIn(station, 'manager')).client;
  station.ingest.onStored(async (events) => {
    stored.push(...events);
  });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.end(true);
});
afterAll(async () => {
  await station?.close();
});

const newService = () =>
  new LabourService({
    sequelize: station.deps.sequelize,
    clock: station.deps.clock,
    logger: station.deps.logger,
    timeZone: station.deps.config.station.timezone,
  });

/** The read position of a service (private): what its next sync() asks the database for. */
const cursorOf = (service: LabourService) => (service as unknown as { cursor: LogCursor }).cursor;

async function labourRowsByKey(keys: readonly string[]): Promise<StoredLabourRow[]> {
  const ids = await station.deps.sequelize.query<{ id: string }>(
    `SELECT id FROM labour_events WHERE source_key = ANY($1::text[]) ORDER BY id`,
    { type: QueryTypes.SELECT, bind: [keys] },
  );
  if (ids.length === 0) return [];
  const numeric = ids.map((r) => Number(r.id));
  // readLabourRows is how the service reads the log: rows above an id and the ids asked for.
  return readLabourRows(station.deps.sequelize, Math.max(...numeric), numeric);
}

const sourceKeyOf = (e: StoredEvent) => `bridge:${e.bridgeId}:${e.eventId}`;
const byEventId = (a: { eventId: number }, b: { eventId: number }) => a.eventId - b.eventId;

let bridgeNo = 0;

/** A registered, connected bridge with a reader, a lift sensor and a bay sensor bound to one lift. */
async function floorBridge(): Promise<{ bridge: RegisteredBridge; client: MqttClient; uid: string }> {
  const lift = await makeLift(station);
  const { uid } = await makeMechanic(station);
  const bridge = await registerBridge(manager, `bl-${process.pid % 1000}-${++bridgeNo}`);
  for (const [device, body] of [
    ['r1', { kind: 'reader', liftId: lift.id }],
    ['s1', { kind: 'lift_sensor', liftId: lift.id }],
    ['b1', { kind: 'bay_sensor', liftId: lift.id }],
  ] as const) {
    const res = await manager.put(`/api/bridges/${bridge.id}/bindings/${device}`, body);
    if (res.status !== 200)
      throw new Error(`binding ${device} failed ${res.status} ${JSON.stringify(res.body)}`);
  }
  const client = connectBridge(station, bridge);
  clients.push(client);
  await connected(client);
  return { bridge, client, uid };
}

/** A badge tap, a lift sensor and a bay sensor event published as a bridge does; resolves once the ingest's listeners ran. */
async function publishFloorEvents(): Promise<StoredEvent[]> {
  const { bridge, client, uid } = await floorBridge();
  const topic = (kind: string) => `pitwall/v1/bridges/${bridge.id}/events/${kind}`;
  const now = Date.now();
  // The bridge's clock is a little behind and the events waited in its outbox: at < sentAt < received.
  const sentAt = new Date(now - 1_500).toISOString();
  await publish(
    client,
    topic('badge'),
    badgeEvent('r1', uid, { at: new Date(now - 4_321).toISOString(), sentAt }),
  );
  await publish(client, topic('lift'), {
    eventId: 9001 + bridgeNo * 10,
    sensorId: 's1',
    state: 'raised',
    at: new Date(now - 3_210).toISOString(),
    sentAt,
  });
  await publish(client, topic('bay'), {
    eventId: 9002 + bridgeNo * 10,
    sensorId: 'b1',
    state: 'occupied',
    at: new Date(now - 2_109).toISOString(),
    sentAt,
  });
  await station.ingest.settled();
  const mine = stored.filter((e) => e.bridgeId === bridge.id).sort(byEventId);
  expect(mine.map((e) => e.kind).sort()).toEqual(['badge', 'bay', 'lift']);
  return mine;
}

let directNo = 0;

/** Stores bridge events the way the ingest does (insertEvents in a pg transaction), without its listeners. */
async function storeDirectly(): Promise<StoredEvent[]> {
  const bridgeId = `direct-${process.pid % 1000}-${++directNo}`;
  const now = Date.now();
  const timing = (ago: number) => ({
    at: new Date(now - ago - 60_000),
    sentAt: new Date(now - 60_000),
    receivedAt: new Date(now),
    correctedAt: new Date(now - ago),
  });
  const incoming: IncomingEvent[] = [
    { bridgeId, eventId: 1, kind: 'badge', deviceId: 'r1', value: 'A1B2C3D4', ...timing(3_000), payload: {} },
    { bridgeId, eventId: 2, kind: 'lift', deviceId: 's1', value: 'lowered', ...timing(2_000), payload: {} },
    { bridgeId, eventId: 3, kind: 'bay', deviceId: 'b1', value: 'free', ...timing(1_000), payload: {} },
  ];
  const client = new pg.Client({ connectionString: station.database.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const events = await insertEvents(client as unknown as pg.PoolClient, incoming);
    await client.query('COMMIT');
    expect(events).toHaveLength(3);
    return events;
  } finally {
    await client.end();
  }
}

let gapNo = 0;
const GAP_ACTOR: Actor = { type: 'bridge', id: 'gap-test', name: 'gap-test' };

/** One labour row of a tap with an unknown badge (the engine folds it as a rejected tap). */
function tapRow(): LabourRow {
  const seq = ++gapNo;
  return {
    source: 'bridge:gap-test',
    seq,
    sourceKey: `bridge:gap-test:${seq}`,
    kind: 'badge.tap',
    at: new Date(),
    payload: { bridgeId: 'gap-test', readerId: 'r1', uid: 'DEADBEEF' },
  };
}

/**
 * Writes one row in a transaction left open (its id is handed out now, its commit comes later) and
 * returns the id and the commit.
 */
async function openRow(): Promise<{
  id: number;
  key: string;
  commit: () => Promise<void>;
  rollback: () => Promise<void>;
}> {
  const tx = await station.deps.sequelize.transaction();
  const row = tapRow();
  const [id] = await appendLabourRows(station.deps.sequelize, [row], GAP_ACTOR, tx);
  return { id: id!, key: row.sourceKey, commit: () => tx.commit(), rollback: () => tx.rollback() };
}

async function committedRow(): Promise<{ id: number; key: string }> {
  const row = tapRow();
  const [id] = await appendLabourRows(station.deps.sequelize, [row], GAP_ACTOR);
  return { id: id!, key: row.sourceKey };
}

const keysOf = (rows: readonly StoredLabourRow[]) => rows.map((r) => `${r.source}:${r.seq}`);

// Runs first, while the labour log of the fresh station is still empty (as on a new, non-demo station).
describe('the first rows of an empty log', () => {
  it('a row committed after later bridge copies were taken is still read', async () => {
    const [count] = await station.deps.sequelize.query<{ n: string }>(
      `SELECT count(*) AS n FROM labour_events`,
      { type: QueryTypes.SELECT },
    );
    expect(Number(count!.n)).toBe(0);
    const service = timeclockOf(station.deps).service;
    expect(await service.sync()).toEqual([]);
    expect(service.stats().events).toBe(0);

    // A command's transaction writes the log's first row and has not committed yet…
    const held = await openRow();
    // …while bridge events arrive: taken at once, copied into the log and marked taken (copied()).
    const events = await publishFloorEvents();
    const copies = await labourRowsByKey(events.map(sourceKeyOf));
    expect(Math.min(...copies.map((r) => r.id))).toBeGreaterThan(held.id);
    expect(service.stats().events).toBe(3);
    await held.commit();
    // The command's after-commit sync must read the held row: it is below every id taken so far.
    expect(keysOf(await service.sync())).toEqual([held.key]);
    expect(service.stats().events).toBe(4);
  });
});

describe('bridge events in the labour log', () => {
  it('the copied rows read back are the events bridgeLabourEvent gives the floor before the copy', async () => {
    const events = await publishFloorEvents();
    const rows = await labourRowsByKey(events.map(sourceKeyOf));
    expect(rows).toHaveLength(3);
    const fromLog = rows.map(toLabourEvent).sort((a, b) => a.seq - b.seq);
    const fromIngest: LabourEvent[] = events.map(bridgeLabourEvent);
    expect(fromLog).toStrictEqual(fromIngest);
    // The payloads really are the three kinds, with the bridge's own timing kept on the tap.
    expect(fromIngest.map((e) => e.kind)).toEqual(['badge.tap', 'lift.sensor', 'bay.sensor']);
    const tap = fromIngest[0] as LabourEvent & { kind: 'badge.tap' };
    expect(tap.raw).toEqual({
      at: events[0]!.at.getTime(),
      sentAt: events[0]!.sentAt.getTime(),
      receivedAt: events[0]!.receivedAt.getTime(),
    });
    expect(tap.at).toBe(events[0]!.correctedAt.getTime());
    // The copy is idempotent: the station's copy ran already, copying again writes nothing.
    expect(
      await copyShopfloorEvents(
        station.deps.sequelize,
        events.map((e) => e.id),
      ),
    ).toEqual([]);
  });

  it('copyShopfloorEvents returns the ids of the rows it wrote, and they hold the same events', async () => {
    const events = await storeDirectly();
    const ids = await copyShopfloorEvents(
      station.deps.sequelize,
      events.map((e) => e.id),
    );
    expect(ids).toHaveLength(3);
    const rows = await readLabourRows(station.deps.sequelize, Math.max(...ids), ids);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(rows.map(toLabourEvent).sort((a, b) => a.seq - b.seq)).toStrictEqual(
      events.sort(byEventId).map(bridgeLabourEvent),
    );
    expect(
      await copyShopfloorEvents(
        station.deps.sequelize,
        events.map((e) => e.id),
      ),
    ).toEqual([]);
  });

  it("the station's floor takes published events at once and reading their copies back adds nothing", async () => {
    const service = timeclockOf(station.deps).service;
    await service.sync();
    const before = service.stats().events;
    const events = await publishFloorEvents();
    // takeBridgeEvents accepted them; copyBridgeEvents copied them and marked the rows taken.
    expect(service.stats().events).toBe(before + 3);
    expect(await service.sync()).toEqual([]);
    expect(service.stats().events).toBe(before + 3);
    const ids = (await labourRowsByKey(events.map(sourceKeyOf))).map((r) => r.id);
    const cursor = cursorOf(service);
    expect(cursor.after).toBeGreaterThanOrEqual(Math.max(...ids));
    expect(cursor.missing(Date.now()).filter((id) => ids.includes(id))).toEqual([]);
  });

  it('accept() then sync() of the copied rows: no duplicates', async () => {
    const service = newService();
    await service.sync();
    const before = service.stats().events;
    const events = await storeDirectly();
    service.accept(events.map(bridgeLabourEvent));
    expect(service.stats().events).toBe(before + 3);
    // Accepting the same events again (a redelivered batch) adds nothing either.
    service.accept(events.map(bridgeLabourEvent));
    expect(service.stats().events).toBe(before + 3);
    const ids = await copyShopfloorEvents(
      station.deps.sequelize,
      events.map((e) => e.id),
    );
    expect(ids).toHaveLength(3);
    // Without copied(): the rows are read back, recognised by source#seq and not added again.
    expect(await service.sync()).toEqual([]);
    expect(service.stats().events).toBe(before + 3);
    expect(cursorOf(service).after).toBeGreaterThanOrEqual(Math.max(...ids));
  });

  it('copied(ids) then sync(): the copies are not read at all, and nothing new comes', async () => {
    const service = newService();
    await service.sync();
    const before = service.stats().events;
    const version = service.stats().version;
    const events = await storeDirectly();
    service.accept(events.map(bridgeLabourEvent));
    const ids = await copyShopfloorEvents(
      station.deps.sequelize,
      events.map((e) => e.id),
    );
    service.copied(ids);
    const cursor = cursorOf(service);
    expect(cursor.after).toBeGreaterThanOrEqual(Math.max(...ids));
    expect(cursor.missing(Date.now()).filter((id) => ids.includes(id))).toEqual([]);
    expect(await service.sync()).toEqual([]);
    expect(service.stats().events).toBe(before + 3);
    // One version step for the accept, none for the sync that found nothing.
    expect(service.stats().version).toBe(version + 1);
  });

  it('a copied row whose event the service never took is still read (a copy from another path)', async () => {
    const service = newService();
    await service.sync();
    const before = service.stats().events;
    const events = await storeDirectly();
    const ids = await copyShopfloorEvents(
      station.deps.sequelize,
      events.map((e) => e.id),
    );
    const fresh = await service.sync();
    expect(fresh.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(service.stats().events).toBe(before + 3);
  });
});

describe('rows committed out of id order', () => {
  it('a row committed after a higher id was read is picked up by the next sync', async () => {
    const service = newService();
    const station_ = timeclockOf(station.deps).service;
    await service.sync();
    await station_.sync();
    const before = service.stats().events;
    const stationBefore = station_.stats().events;

    const first = await openRow();
    const second = await committedRow();
    expect(second.id).toBeGreaterThan(first.id);
    expect(keysOf(await service.sync())).toEqual([second.key]);
    expect(keysOf(await station_.sync())).toEqual([second.key]);
    expect(cursorOf(service).missing(Date.now())).toContain(first.id);
    // Still open: asked for again, nothing yet.
    expect(await service.sync()).toEqual([]);
    expect(service.stats().events).toBe(before + 1);

    await first.commit();
    const late = await service.sync();
    expect(keysOf(late)).toEqual([first.key]);
    expect(late[0]!.id).toBe(first.id);
    expect(keysOf(await station_.sync())).toEqual([first.key]);
    expect(service.stats().events).toBe(before + 2);
    expect(station_.stats().events).toBe(stationBefore + 2);
    // Taken: no longer asked for, never added twice.
    expect(cursorOf(service).missing(Date.now())).not.toContain(first.id);
    expect(await service.sync()).toEqual([]);
    expect(service.stats().events).toBe(before + 2);
  });

  it('a row held open while the service marks a higher copied id taken (copied()) is still read', async () => {
    const service = newService();
    await service.sync();
    const before = service.stats().events;

    const held = await openRow();
    const events = await storeDirectly();
    service.accept(events.map(bridgeLabourEvent));
    const ids = await copyShopfloorEvents(
      station.deps.sequelize,
      events.map((e) => e.id),
    );
    expect(Math.min(...ids)).toBeGreaterThan(held.id);
    service.copied(ids);
    expect(await service.sync()).toEqual([]);
    await held.commit();
    expect(keysOf(await service.sync())).toEqual([held.key]);
    expect(service.stats().events).toBe(before + 4);
  });

  it('several rows committed in reverse order are all read, each once', async () => {
    const service = newService();
    await service.sync();
    const before = service.stats().events;

    const a = await openRow();
    const b = await openRow();
    const c = await openRow();
    const d = await committedRow();
    expect(keysOf(await service.sync())).toEqual([d.key]);
    await c.commit();
    expect(keysOf(await service.sync())).toEqual([c.key]);
    await b.rollback(); // its id never shows up; asking for it harms nothing
    await a.commit();
    expect(keysOf(await service.sync())).toEqual([a.key]);
    expect(await service.sync()).toEqual([]);
    expect(service.stats().events).toBe(before + 3);
    // A fresh service reading the whole log sees the same events.
    const whole = newService();
    await whole.sync();
    expect(whole.stats().events).toBe(service.stats().events);
  });
});

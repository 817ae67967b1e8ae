import { expect } from 'vitest';
import { localDateOf } from '../../../../server/src/modules/timeclock/engine/index.ts';
import type { ApiClient } from '../../../support/api-client.ts';
import { labourLogEvents, storedEvents, waitFor, type RunningBridge } from './fault-rig.ts';
import {
  clockOutEveryone,
  floorState,
  otherLabourEvents,
  referenceFigures,
  shopfloorEvents,
  stationFigures,
  type LabourFloor,
  type ReferenceFigures,
} from './labour-floor.ts';

/** What the fault tests check after an outage: every tap stored once, as the bridge sent it. */

/** Every tap each bridge made is stored exactly once, and reaches the labour log exactly once. */
export async function expectEveryTapStoredOnce(url: string, running: RunningBridge[]) {
  await waitFor(async () => {
    const rows = await storedEvents(url);
    return running.every((b) => rows.find((r) => r.bridge_id === b.id)?.events === b.tapped);
  }, 'every tap stored');
  const rows = await storedEvents(url);
  for (const bridge of running) {
    const row = rows.find((r) => r.bridge_id === bridge.id)!;
    expect(row.events).toBe(bridge.tapped);
    expect(row.distinct_ids).toBe(bridge.tapped);
  }
  await waitFor(async () => {
    const copied = await labourLogEvents(url);
    return running.every((b) => copied.get(b.id) === b.tapped);
  }, 'every tap in the labour log');
}

/**
 * What each bridge sent is what the station stored: the same reader and card, in the bridge's order,
 * and at the time it was tapped — the time correction (at + receivedAt − sentAt) is not thrown off by
 * the outage, because a bridge stamps sentAt afresh when it sends an event again after reconnecting.
 */
export async function expectStoredAsSent(url: string, running: RunningBridge[]) {
  const stored = (await shopfloorEvents(url)).filter((e) => e.kind === 'badge');
  for (const bridge of running) {
    const mine = stored.filter((e) => e.bridgeId === bridge.id);
    expect(mine.map((e) => ({ readerId: e.deviceId, uid: e.value }))).toEqual(bridge.sent);
  }
  // Transit takes a few hundred ms at most here; a stale sentAt would be off by the whole outage (> 3 s).
  const skew = Math.max(...stored.map((e) => Math.abs(e.correctedAt.getTime() - e.at.getTime())));
  expect(skew).toBeLessThan(2_000);
}

/**
 * The end of the day after an outage: whoever is still in clocks out at the door (bridges[0]'s), every
 * tap is stored once, and the station's figures equal the pure engine's derivation of the stored events
 * (an undisturbed run) — and are not trivially equal. Returns the reference, for the caller's checks
 * of its rejected taps.
 */
export async function closeTheDayAndCompareFigures(run: {
  owner: ApiClient;
  url: string;
  timeZone: string;
  bridges: RunningBridge[];
  floor: LabourFloor;
}): Promise<ReferenceFigures> {
  const { owner, url, timeZone, bridges, floor } = run;
  expect(await clockOutEveryone(owner, bridges[0]!, floor.mechanics)).toBeGreaterThan(0);
  await expectEveryTapStoredOnce(url, bridges);
  await waitFor(
    async () => (await floorState(owner)).mechanics.every((m) => m.state === 'absent'),
    'everyone clocked out',
  );
  const date = (await floorState(owner)).date;
  expect(date).toBe(localDateOf(Date.now(), timeZone));
  expect(await otherLabourEvents(url)).toBe(0); // the reference sees the whole log

  const before = Date.now();
  const served = await stationFigures(owner, date);
  const after = Date.now();
  const early = await referenceFigures(url, timeZone, date, before);
  const late = await referenceFigures(url, timeZone, date, after);

  // Everyone has left: the mechanics' figures are closed and equal the undisturbed run's.
  expect(early.mechanics).toEqual(late.mechanics);
  expect(served.mechanics).toEqual(late.mechanics);
  // A lift's open hours (and utilisation = worked / open) run on with the clock until the day ends:
  // the station's lie between the reference's just before and just after it answered.
  const closed = (lifts: typeof served.lifts) =>
    lifts.map(({ openSeconds: _open, utilisation: _utilisation, ...rest }) => rest);
  expect(closed(early.lifts)).toEqual(closed(late.lifts));
  expect(closed(served.lifts)).toEqual(closed(late.lifts));
  for (const [i, lift] of served.lifts.entries()) {
    expect(lift.openSeconds).toBeGreaterThanOrEqual(early.lifts[i]!.openSeconds);
    expect(lift.openSeconds).toBeLessThanOrEqual(late.lifts[i]!.openSeconds);
  }

  // …and they are not trivially equal: everyone was present and worked at the lifts.
  expect(served.mechanics.map((m) => m.staffId).sort()).toEqual(floor.mechanics.map((m) => m.staffId).sort());
  for (const m of served.mechanics) {
    expect(m.presentSeconds).toBeGreaterThan(0);
    expect(m.unassignedSeconds + m.idleSeconds).toBe(m.availableSeconds);
  }
  expect(served.mechanics.reduce((s, m) => s + m.unassignedSeconds, 0)).toBeGreaterThan(0);
  expect(served.mechanics.reduce((s, m) => s + m.idleSeconds, 0)).toBeGreaterThan(0);
  expect(served.lifts.map((l) => l.liftId).sort()).toEqual(floor.lifts.map((l) => l.id).sort());
  for (const lift of served.lifts) expect(lift.workedSeconds).toBeGreaterThan(0);
  return late;
}

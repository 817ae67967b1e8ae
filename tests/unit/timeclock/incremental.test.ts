import { describe, expect, it } from 'vitest';
import {
  affectedDays,
  derive,
  liveState,
  prepareStation,
  snapshotWorld,
  startOfLocalDay,
  type LabourEvent,
  type LiftDay,
  type MechanicDay,
  type StationDayLog,
} from '../../../server/src/modules/timeclock/engine/index.ts';
import { Log, TZ, chaoticLog, prng, roomyLog, roomyStation, shuffle, stationModel, t } from './support.ts';

/** How the server uses the engine: one mechanic-day at a time, late events, snapshots and the live board. */

const DATES = ['2026-11-23', '2026-11-24', '2026-11-25'];
const FROM = DATES[0]!;
const TO = DATES[DATES.length - 1]!;

const byKey =
  <T extends { date: string }>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
const mechanicKey = (d: MechanicDay) => `${d.mechanicId} ${d.date}`;
const liftKey = (d: LiftDay) => `${d.liftId} ${d.date}`;

describe('deriving part of the station', () => {
  const station = prepareStation(stationModel());
  const events = chaoticLog(prng(11), DATES);
  const whole = derive(station, events, { from: FROM, to: TO });

  it('one mechanic-day derived alone equals that day of the whole derivation', () => {
    for (const day of whole.mechanicDays) {
      const alone = derive(station, events, { from: day.date, to: day.date, mechanicIds: [day.mechanicId] });
      expect(alone.mechanicDays).toEqual([day]);
    }
  });

  it('a range of days for some mechanics equals those days of the whole derivation', () => {
    const part = derive(station, events, { from: DATES[1], to: TO, mechanicIds: ['m2', 'm3'] });
    const expected = whole.mechanicDays.filter((d) => d.date >= DATES[1]! && d.mechanicId !== 'm1');
    expect(part.mechanicDays).toEqual(expected);
    expect(part.liftDays).toEqual(whole.liftDays.filter((d) => d.date >= DATES[1]!));
  });
});

describe('late events re-derive only the affected days', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'seed %i: applying the impact of each late event reproduces the whole derivation',
    { timeout: 60_000 },
    (seed) => {
      const station = prepareStation(roomyStation());
      const all = roomyLog(prng(seed), DATES, 90);
      const random = prng(seed * 1000 + 1);
      const late = all.filter(() => random() < 0.15);
      const lateSet = new Set(late);
      let known: LabourEvent[] = all.filter((e) => !lateSet.has(e));

      const stored = derive(station, known, { from: FROM, to: TO });
      const mechanicDays = new Map(stored.mechanicDays.map((d) => [mechanicKey(d), d]));
      const liftDays = new Map(stored.liftDays.map((d) => [liftKey(d), d]));
      const stationDays = new Map<string, StationDayLog>(stored.stationDays.map((d) => [d.date, d]));
      let rederived = 0;

      for (const event of shuffle(late, random)) {
        const impact = affectedDays(station, event, {
          exposures: [...mechanicDays.values()].map((d) => d.exposure),
          liftOrders: [...liftDays.values()],
          lastDate: TO,
        });
        known = [...known, event];
        for (const ref of impact.mechanicDays) {
          if (ref.date < FROM) continue;
          const day = derive(station, known, { from: ref.date, to: ref.date, mechanicIds: [ref.mechanicId] })
            .mechanicDays[0];
          const key = `${ref.mechanicId} ${ref.date}`;
          if (day) mechanicDays.set(key, day);
          else mechanicDays.delete(key);
          rederived += 1;
        }
        for (const ref of impact.liftDays) {
          if (ref.date < FROM) continue;
          const day = derive(station, known, { from: ref.date, to: ref.date, mechanicIds: [] }).liftDays.find(
            (d) => d.liftId === ref.liftId,
          )!;
          liftDays.set(liftKey(day), day);
        }
        for (const date of impact.dates) {
          if (date < FROM) continue;
          stationDays.set(
            date,
            derive(station, known, { from: date, to: date, mechanicIds: [] }).stationDays[0]!,
          );
        }
      }

      const whole = derive(station, all, { from: FROM, to: TO });
      expect([...mechanicDays.values()].sort(byKey(mechanicKey))).toEqual(
        [...whole.mechanicDays].sort(byKey(mechanicKey)),
      );
      expect([...liftDays.values()].sort(byKey(liftKey))).toEqual([...whole.liftDays].sort(byKey(liftKey)));
      expect([...stationDays.values()]).toEqual(whole.stationDays);
      // It is incremental: on average a late event re-derives well under half of the mechanic-days.
      expect(rederived / late.length).toBeLessThan(whole.mechanicDays.length / 2);
    },
  );

  it('a late tap that starts jobs reaches the later days of everyone who looked at that order', () => {
    const station = prepareStation(stationModel());
    const day1 = new Log(DATES[0]).place('RO1', 'L1', '08:50');
    const day2 = new Log(DATES[1]).tap('m2', 'L1', '09:00').tap('m2', 'L1', '10:00');
    const lateTap = new Log(DATES[0]).tap('m1', 'L1', '09:00').events[0]!;
    const before = [...day1.events, ...day2.events.map((e) => ({ ...e, seq: e.seq + 1000 }))];
    const stored = derive(station, before, { from: FROM, to: DATES[1] });
    const impact = affectedDays(station, lateTap, {
      exposures: stored.mechanicDays.map((d) => d.exposure),
      liftOrders: stored.liftDays,
      lastDate: DATES[1]!,
    });
    // m1's tap starts J1a and J1b; on day 2 m2, assigned to nothing there, helps on them: productive now.
    expect(impact.mechanicDays).toContainEqual({ mechanicId: 'm2', date: DATES[1] });
    const after = derive(station, [...before, lateTap], {
      from: DATES[1],
      to: DATES[1],
      mechanicIds: ['m2'],
    });
    expect(after.mechanicDays[0]!.totals.productiveSeconds).toBe(3600);
  });

  it('a tap names its own mechanic-day; a job action the mechanic-days that looked at its order', () => {
    const station = prepareStation(stationModel());
    const log = new Log().place('RO1', 'L1', '08:50').tap('m1', 'L1', '09:00').tap('m2', 'L2', '09:00');
    const stored = derive(station, log.events, { from: FROM, to: FROM });
    const known = {
      exposures: stored.mechanicDays.map((d) => d.exposure),
      liftOrders: stored.liftDays,
      lastDate: FROM,
    };
    const tap = new Log().tap('m3', 'L3', '10:00').events[0]!;
    expect(affectedDays(station, tap, known).mechanicDays).toEqual([{ mechanicId: 'm3', date: FROM }]);
    const pause = new Log().pause('J1a', 'parts', '10:00').events[0]!;
    expect(affectedDays(station, pause, known).mechanicDays).toEqual([{ mechanicId: 'm1', date: FROM }]);
    const sensor = new Log().lift('L2', 'raised', '10:00').events[0]!;
    expect(affectedDays(station, sensor, known)).toMatchObject({
      mechanicDays: [],
      liftDays: [{ liftId: 'L2', date: FROM }],
    });
  });
});

describe('world snapshots', () => {
  it('starting from a snapshot at a day start gives the same days as folding the whole history', () => {
    const station = prepareStation(stationModel());
    const events = chaoticLog(prng(99), DATES);
    const whole = derive(station, events, { from: DATES[1], to: TO });
    const at = startOfLocalDay(DATES[1]!, TZ);
    const snapshot = snapshotWorld(station, events, at);
    // The server keeps the raw events; only the world before the snapshot is summarised.
    const recent = events.filter((e) => e.at >= at - 5000 || e.kind.startsWith('correction.'));
    const fromSnapshot = derive(station, recent, { from: DATES[1], to: TO, world: snapshot });
    expect(fromSnapshot.mechanicDays).toEqual(whole.mechanicDays);
    expect(fromSnapshot.liftDays).toEqual(whole.liftDays);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});

describe('live state', () => {
  const log = new Log()
    .place('RO1', 'L1', '08:50')
    .place('RO2', 'L2', '08:50')
    .tap('m1', 'L1', '09:00')
    .tap('m2', 'L2', '09:10')
    .pause('J2', 'parts', '09:40')
    .lift('L3', 'raised', '09:50')
    .tap('m3', 'entrance', '09:55')
    .complete('J1b', '10:30')
    .tap('m1', 'L1', '11:00');
  const station = prepareStation(stationModel());

  it('shows per lift who is in session since when, the jobs, open waits with age and untracked use', () => {
    const live = liveState(station, log.events, t('10:00'));
    const l1 = live.lifts.find((l) => l.liftId === 'L1')!;
    expect(l1.mechanics.map((m) => [m.mechanicId, m.since, m.seconds, m.kind])).toEqual([
      ['m1', t('09:00'), 3600, 'productive'],
    ]);
    expect(l1.jobs.map((j) => [j.jobId, j.state, j.productiveSeconds])).toEqual([
      ['J1a', 'in_progress', 1800],
      ['J1b', 'in_progress', 1800],
    ]);
    const l2 = live.lifts.find((l) => l.liftId === 'L2')!;
    expect(l2.mechanics.map((m) => m.kind)).toEqual(['waiting:parts']);
    expect(live.openWaits).toEqual([
      { jobId: 'J2', orderId: 'RO2', liftId: 'L2', reason: 'parts', since: t('09:40'), ageSeconds: 1200 },
    ]);
    expect(live.lifts.find((l) => l.liftId === 'L3')!.untracked).toEqual({ since: t('09:50'), seconds: 600 });
    expect(live.mechanics.find((m) => m.mechanicId === 'm3')).toMatchObject({
      state: 'present',
      kind: 'idle',
      since: t('09:55'),
    });
  });

  it('ignores what has not happened yet and keeps sessions open at the instant', () => {
    const live = liveState(station, log.events, t('09:05'));
    expect(live.lifts.find((l) => l.liftId === 'L2')!.mechanics).toEqual([]);
    expect(live.mechanics.find((m) => m.mechanicId === 'm1')).toMatchObject({
      state: 'session',
      liftId: 'L1',
      since: t('09:00'),
    });
    expect(live.openWaits).toEqual([]);
  });

  it('adds productive time stored before the events passed and flags jobs beyond their norm', () => {
    const live = liveState(station, log.events, t('10:00'), { priorJobProductiveSeconds: { J1b: 1000 } });
    const j1b = live.lifts.find((l) => l.liftId === 'L1')!.jobs.find((j) => j.jobId === 'J1b')!;
    expect(j1b.productiveSeconds).toBe(2800);
    expect(j1b.overNorm).toBe(true);
  });
});

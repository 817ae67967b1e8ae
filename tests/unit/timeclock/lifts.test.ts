import { describe, expect, it } from 'vitest';
import { Log, hm, run, stationModel } from './support.ts';

/** LABOUR.md "Sensors as evidence": occupied, worked and untracked time per lift, utilisation. */

interface Case {
  name: string;
  log: (l: Log) => Log;
  lift: string;
  expect: { occupied: number; worked: number; untracked: number; intervals?: string[] };
}

const cases: Case[] = [
  {
    name: 'raised with nobody in session is untracked work; raised with a session is not',
    lift: 'L1',
    log: (l) =>
      l
        .lift('L1', 'raised', '09:00')
        .tap('m1', 'L1', '09:10')
        .tap('m1', 'L1', '10:00')
        .lift('L1', 'lowered', '10:20'),
    expect: {
      occupied: 80 * 60,
      worked: 50 * 60,
      untracked: 30 * 60,
      intervals: [
        '09:00–10:20 occupied',
        '09:00–09:10 untracked',
        '09:10–10:00 worked',
        '10:00–10:20 untracked',
      ],
    },
  },
  {
    name: 'occupied is the bay occupied or the lift raised, whichever; counted once when both',
    lift: 'L2',
    log: (l) =>
      l
        .bay('L2', 'occupied', '09:00')
        .lift('L2', 'raised', '09:30')
        .bay('L2', 'free', '10:00')
        .lift('L2', 'lowered', '10:30'),
    expect: { occupied: 90 * 60, worked: 0, untracked: 60 * 60 },
  },
  {
    name: 'worked counts the union of sessions, not their sum',
    lift: 'L3',
    log: (l) =>
      l.tap('m1', 'L3', '09:00').tap('m2', 'L3', '09:30').tap('m1', 'L3', '10:00').tap('m2', 'L3', '11:00'),
    expect: { occupied: 0, worked: 2 * 3600, untracked: 0 },
  },
  {
    name: 'a lift left raised overnight is occupied and untracked up to the end of the day',
    lift: 'L1',
    log: (l) => l.lift('L1', 'raised', '22:00'),
    expect: { occupied: 2 * 3600, worked: 0, untracked: 2 * 3600 },
  },
];

describe('lift timelines', () => {
  it.each(cases)('$name', (c) => {
    const r = run(stationModel(), c.log(new Log()).events);
    const day = r.derivation.liftDays.find((d) => d.liftId === c.lift)!;
    expect({
      occupied: day.occupiedSeconds,
      worked: day.workedSeconds,
      untracked: day.untrackedSeconds,
    }).toEqual({
      occupied: c.expect.occupied,
      worked: c.expect.worked,
      untracked: c.expect.untracked,
    });
    if (c.expect.intervals) {
      const sorted = [...day.intervals].sort((a, b) => a.from - b.from || (a.kind === 'occupied' ? -1 : 1));
      expect(sorted.map((i) => `${hm(i.from)}–${hm(i.to)} ${i.kind}`)).toEqual(c.expect.intervals);
    }
  });

  it('utilisation is worked time over the station opening hours; null on a closed day', () => {
    const log = new Log().tap('m1', 'L1', '09:00').tap('m1', 'L1', '12:00');
    const r = run(stationModel(), log.events);
    const l1 = r.figures.lifts.find((l) => l.liftId === 'L1')!;
    expect(l1.openSeconds).toBe(12 * 3600);
    expect(l1.utilisation).toBe(0.25);
    const sunday = run(
      stationModel(),
      new Log('2026-11-29').tap('m1', 'L1', '09:00').tap('m1', 'L1', '10:00').events,
      {
        from: '2026-11-29',
        to: '2026-11-29',
      },
    );
    const closed = sunday.figures.lifts.find((l) => l.liftId === 'L1')!;
    expect(closed.openSeconds).toBe(0);
    expect(closed.workedSeconds).toBe(3600);
    expect(closed.utilisation).toBeNull();
  });

  it('a lift raised before the period keeps counting in it (sensor state carries over days)', () => {
    const log = new Log('2026-11-23')
      .lift('L1', 'raised', '23:00')
      .add('bridge:b1', Date.parse('2026-11-24T07:00:00Z'), {
        kind: 'lift.sensor',
        bridgeId: 'b1',
        sensorId: 's1',
        state: 'lowered',
      });
    const r = run(stationModel(), log.events, { from: '2026-11-24', to: '2026-11-24' });
    const day = r.derivation.liftDays.find((d) => d.liftId === 'L1')!;
    expect(day.date).toBe('2026-11-24');
    expect(day.untrackedSeconds).toBe(10 * 3600);
  });

  it('sensor events from an unbound sensor or of the wrong kind are ignored with a reason', () => {
    const log = new Log()
      .add('bridge:b1', '09:00', { kind: 'lift.sensor', bridgeId: 'b1', sensorId: 's9', state: 'raised' })
      .add('bridge:b1', '09:01', { kind: 'bay.sensor', bridgeId: 'b1', sensorId: 's1', state: 'occupied' });
    const r = run(stationModel(), log.events);
    expect(r.derivation.stationDays[0]!.ignored.map((i) => i.reason)).toEqual([
      'unbound_sensor',
      'sensor_kind_mismatch',
    ]);
    expect(r.derivation.liftDays.find((d) => d.liftId === 'L1')!.occupiedSeconds).toBe(0);
  });

  it('the orders seen on each lift-day are listed (for the impact index)', () => {
    const log = new Log().place('RO1', 'L1', '09:00').unplace('RO1', '10:00').place('RO2', 'L1', '11:00');
    const day = run(stationModel(), log.events).derivation.liftDays.find((d) => d.liftId === 'L1')!;
    expect(day.orders).toEqual(['RO1', 'RO2']);
  });
});

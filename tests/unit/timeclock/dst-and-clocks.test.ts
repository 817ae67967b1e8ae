import { describe, expect, it } from 'vitest';
import { correctBridgeTime, type LabourEvent } from '../../../server/src/modules/timeclock/engine/index.ts';
import { Log, run, stationModel, t } from './support.ts';

/** "All durations are whole seconds computed from UTC instants … a DST change never adds or removes an hour." */

function berlin() {
  const model = stationModel({ timeZone: 'Europe/Berlin' });
  // The station and m1 work on the Sunday of the change.
  model.openingOverrides = [
    { date: '2026-03-29', windows: [{ start: '00:00', end: '12:00' }] },
    { date: '2026-10-25', windows: [{ start: '00:00', end: '12:00' }] },
  ];
  model.mechanics[0]!.shiftOverrides = [
    { date: '2026-03-29', windows: [{ start: '01:00', end: '09:00' }] },
    { date: '2026-10-25', windows: [{ start: '01:00', end: '09:00' }] },
  ];
  return model;
}

describe('DST days (Europe/Berlin)', () => {
  it.each([
    {
      date: '2026-03-29',
      name: 'spring forward: 01:00–09:00 on the wall clock is 7 real hours',
      hours: 7,
      dayHours: 23,
    },
    {
      date: '2026-10-25',
      name: 'fall back: 01:00–09:00 on the wall clock is 9 real hours',
      hours: 9,
      dayHours: 25,
    },
  ])('$name', ({ date, hours, dayHours }) => {
    const tz = 'Europe/Berlin';
    const log = new Log(date, tz)
      .place('RO1', 'L1', '00:30')
      .tap('m1', 'L1', '01:00')
      .tap('m1', 'L1', '09:00');
    const r = run(berlin(), log.events, { from: date, to: date });
    const m1 = r.mechanic('m1');
    expect(m1.scheduledSeconds).toBe(hours * 3600);
    expect(m1.presentSeconds).toBe(hours * 3600);
    expect(m1.productiveSeconds).toBe(hours * 3600);
    expect(m1.absentSeconds).toBe(0);
    const l1 = r.derivation.liftDays.find((d) => d.liftId === 'L1')!;
    expect(l1.openSeconds).toBe((12 - (24 - dayHours)) * 3600);
    expect(l1.workedSeconds).toBe(hours * 3600);
  });

  it('a wait between the two 02:30s of the fall-back night lasts one hour', () => {
    const tz = 'Europe/Berlin';
    const log = new Log('2026-10-25', tz)
      .place('RO2', 'L2', '00:30')
      .tap('m2', 'L2', '01:00')
      .pause('J2', 'parts', Date.parse('2026-10-25T02:30:00+02:00'))
      .partsIssued('J2', Date.parse('2026-10-25T02:30:00+01:00'))
      .tap('m2', 'L2', '04:00');
    const m2 = run(berlin(), log.events, { from: '2026-10-25', to: '2026-10-25' }).mechanic('m2');
    // 01:00 CEST to 04:00 CET is four real hours: one waiting, three working.
    expect(m2.waitingSeconds.parts).toBe(3600);
    expect(m2.productiveSeconds).toBe(3 * 3600);
  });

  it('a session spanning the change is not cut or stretched at the change', () => {
    const tz = 'Europe/Berlin';
    const log = new Log('2026-03-29', tz).tap('m1', 'L1', '01:30').tap('m1', 'L1', '03:30');
    const r = run(berlin(), log.events, { from: '2026-03-29', to: '2026-03-29' });
    expect(r.day('m1').sessions.map((s) => (s.closedAt! - s.openedAt) / 1000)).toEqual([3600]);
  });
});

describe('bridge clocks', () => {
  it('corrects the time with at + (receivedAt − sentAt)', () => {
    expect(correctBridgeTime({ at: 1_000_000, sentAt: 1_000_050, receivedAt: 1_600_250 })).toBe(1_600_200);
    // A replayed event: sent hours later by the same slow clock, still lands at its true time.
    const trueAt = Date.parse('2026-11-23T10:00:00Z');
    const slow = -10 * 60_000;
    const replayAt = Date.parse('2026-11-23T13:00:00Z');
    expect(correctBridgeTime({ at: trueAt + slow, sentAt: replayAt + slow, receivedAt: replayAt })).toBe(
      trueAt,
    );
  });

  it('a skewed bridge replaying late gives the figures of the true times', () => {
    const slow = -7 * 60_000;
    const truth = new Log()
      .place('RO1', 'L1', '08:50')
      .tap('m1', 'L1', '09:00')
      .lift('L1', 'raised', '09:05')
      .pause('J1a', 'tool', '10:00')
      .resume('J1a', '10:20')
      .tap('m1', 'L1', '11:00')
      .lift('L1', 'lowered', '11:30');
    // The same events as bridge b1 sends them: its clock 7 minutes slow, the taps after 10:00 replayed at 12:00.
    const skewed: LabourEvent[] = truth.events.map((e) => {
      if (!e.source.startsWith('bridge:')) return e;
      const sentTrue = e.at > t('10:00') ? t('12:00') : e.at + 30;
      const raw = { at: e.at + slow, sentAt: sentTrue + slow, receivedAt: sentTrue + 150 };
      return { ...e, at: correctBridgeTime(raw), raw };
    });
    const expected = run(stationModel(), truth.events);
    const actual = run(stationModel(), skewed);
    expect(actual.figures).toEqual(expected.figures);
    expect(actual.intervals('m1')).toEqual(expected.intervals('m1'));
  });
});

import { describe, expect, it } from 'vitest';
import { Log, run, stationModel, t } from './support.ts';

/** LABOUR.md "Sessions at a lift" and "Attendance": how taps, breaks and sensors open and close time. */

interface Case {
  name: string;
  log: (l: Log) => Log;
  sessions?: Record<string, string[]>;
  intervals?: Record<string, string[]>;
  rejected?: string[];
  presence?: Record<string, string[]>;
}

const cases: Case[] = [
  {
    name: 'a tap at L opens the session, the next tap at L closes it',
    log: (l) => l.tap('m1', 'L1', '09:00').tap('m1', 'L1', '10:00').tap('m1', 'entrance', '10:30'),
    sessions: { m1: ['L1 09:00–10:00 tap'] },
    intervals: { m1: ['09:00–10:00 unassigned@L1', '10:00–10:30 idle'] },
  },
  {
    name: 'a tap at another lift closes the first session and opens one there at the same instant',
    log: (l) =>
      l
        .tap('m1', 'L1', '09:00')
        .tap('m1', 'L2', '09:40')
        .tap('m1', 'L2', '10:00')
        .tap('m1', 'entrance', '10:00:30'),
    sessions: { m1: ['L1 09:00–09:40 other_lift', 'L2 09:40–10:00 tap'] },
    intervals: { m1: ['09:00–09:40 unassigned@L1', '09:40–10:00 unassigned@L2', '10:00–10:00:30 idle'] },
  },
  {
    name: 'a second read of the same badge on the same reader within 5 s is a duplicate (5.000 s still is)',
    log: (l) =>
      l
        .tap('m1', 'L1', '09:00')
        .tap('m1', 'L1', '09:00:05')
        .tap('m1', 'L1', '10:00')
        .tap('m1', 'entrance', '11:00'),
    sessions: { m1: ['L1 09:00–10:00 tap'] },
    rejected: ['duplicate m1 09:00:05'],
  },
  {
    name: 'a read 5.001 s after the previous one is a new tap',
    log: (l) => l.tap('m1', 'L1', '09:00').tap('m1', 'L1', '09:00:05.001').tap('m1', 'entrance', '11:00'),
    sessions: { m1: ['L1 09:00–09:00:05 tap'] },
    rejected: [],
  },
  {
    name: 'a badge held on the reader keeps being a duplicate: the window runs from the previous read',
    log: (l) =>
      l
        .tap('m1', 'L1', '09:00')
        .tap('m1', 'L1', '09:00:03')
        .tap('m1', 'L1', '09:00:06')
        .tap('m1', 'L1', '09:00:09')
        .tap('m1', 'entrance', '11:00'),
    sessions: { m1: ['L1 09:00–11:00 clock_out'] },
    rejected: ['duplicate m1 09:00:03', 'duplicate m1 09:00:06', 'duplicate m1 09:00:09'],
  },
  {
    name: 'the same badge on two readers within 5 s is two taps (another lift)',
    log: (l) => l.tap('m1', 'L1', '09:00').tap('m1', 'L2', '09:00:02').tap('m1', 'entrance', '11:00'),
    sessions: { m1: ['L1 09:00–09:00:02 other_lift', 'L2 09:00:02–11:00 clock_out'] },
  },
  {
    name: 'an unknown badge and a reader with no binding are rejected and change nothing',
    log: (l) =>
      l
        .tap('DEADBEEF', 'L1', '09:00')
        .tap('m1', 'b9/r1', '09:05')
        .tap('m1', 'entrance', '09:10')
        .tap('m1', 'entrance', '09:20'),
    sessions: { m1: [] },
    rejected: ['unknown_badge - 09:00', 'unbound_reader m1 09:05'],
    presence: { m1: ['09:10–09:20 entrance/entrance'] },
  },
  {
    name: 'entrance taps clock in and out; the first lift tap clocks in implicitly',
    log: (l) =>
      l
        .tap('m1', 'entrance', '08:50')
        .tap('m1', 'entrance', '12:00')
        .tap('m1', 'L1', '13:00')
        .tap('m1', 'L1', '14:00')
        .tap('m1', 'entrance', '14:30'),
    presence: { m1: ['08:50–12:00 entrance/entrance', '13:00–14:30 lift_tap/entrance'] },
    intervals: { m1: ['08:50–12:00 idle', '13:00–14:00 unassigned@L1', '14:00–14:30 idle'] },
  },
  {
    name: 'clocking out closes the lift session',
    log: (l) => l.tap('m1', 'L1', '09:00').tap('m1', 'entrance', '12:00'),
    sessions: { m1: ['L1 09:00–12:00 clock_out'] },
  },
  {
    name: 'a break closes the session; the break is not available time; break end leaves M idle',
    log: (l) =>
      l
        .tap('m1', 'L1', '09:00')
        .breakStart('m1', '12:00')
        .breakEnd('m1', '13:00')
        .tap('m1', 'entrance', '13:30'),
    sessions: { m1: ['L1 09:00–12:00 break'] },
    intervals: { m1: ['09:00–12:00 unassigned@L1', '12:00–13:00 break', '13:00–13:30 idle'] },
  },
  {
    name: 'a lift tap during a break ends the break and opens a session',
    log: (l) =>
      l
        .tap('m1', 'entrance', '09:00')
        .breakStart('m1', '12:00')
        .tap('m1', 'L2', '12:45')
        .tap('m1', 'entrance', '13:00'),
    sessions: { m1: ['L2 12:45–13:00 clock_out'] },
    intervals: { m1: ['09:00–12:00 idle', '12:00–12:45 break', '12:45–13:00 unassigned@L2'] },
  },
  {
    name: 'the bay of L going free closes every session at L, and only at L',
    log: (l) =>
      l
        .tap('m1', 'L1', '09:00')
        .tap('m2', 'L1', '09:05')
        .tap('m3', 'L2', '09:10')
        .bay('L1', 'free', '10:00')
        .tap('m1', 'entrance', '11:00')
        .tap('m2', 'entrance', '11:00')
        .tap('m3', 'entrance', '11:00'),
    sessions: {
      m1: ['L1 09:00–10:00 bay_free'],
      m2: ['L1 09:05–10:00 bay_free'],
      m3: ['L2 09:10–11:00 clock_out'],
    },
  },
  {
    name: 'a session still open at the end of the shift closes there (auto) when no evidence follows',
    log: (l) => l.tap('m1', 'L1', '09:00'),
    sessions: { m1: ['L1 09:00–18:00 auto(shift_end)'] },
    presence: { m1: ['09:00–18:00 lift_tap/auto'] },
  },
  {
    name: 'a tap-out shortly after the shift end is the closing tap, not a new session',
    log: (l) => l.tap('m1', 'L1', '09:00').tap('m1', 'L1', '18:20').tap('m1', 'entrance', '18:25'),
    sessions: { m1: ['L1 09:00–18:20 tap'] },
    presence: { m1: ['09:00–18:25 lift_tap/entrance'] },
  },
  {
    name: 'a tap after the grace period starts a new session, the old one closed at the shift end',
    log: (l) => l.tap('m1', 'L1', '09:00').tap('m1', 'L1', '20:30'),
    sessions: { m1: ['L1 09:00–18:00 auto(shift_end)', 'L1 20:30–20:30 auto(station_day_end)'] },
  },
  {
    name: 'without a shift that day the station closing time is the deadline',
    log: (l) => l.tap('m1', 'L1', '10:00'),
    sessions: { m1: ['L1 10:00–20:00 auto(station_day_end)'] },
    presence: { m1: ['10:00–20:00 lift_tap/auto'] },
  },
  {
    name: 'a session closes after 10 hours whatever the shift says (the cap has no grace)',
    log: (l) => l.tap('m1', 'L1', '07:00'),
    sessions: { m1: ['L1 07:00–17:00 auto(session_cap)'] },
    presence: { m1: ['07:00–18:00 lift_tap/auto'] },
  },
  {
    name: 'presence without evidence after the shift end ends at the shift end; with evidence at the last of it',
    log: (l) =>
      l
        .tap('m1', 'entrance', '08:55')
        .tap('m2', 'entrance', '08:55')
        .breakStart('m2', '18:30')
        .breakEnd('m2', '18:40'),
    presence: { m1: ['08:55–18:00 entrance/auto'], m2: ['08:55–18:40 entrance/auto'] },
  },
];

describe('sessions and attendance', () => {
  it.each(cases)('$name', (c) => {
    const model = stationModel();
    // On Saturday nobody has a shift: the "without a shift" case runs then.
    const date = c.name.startsWith('without a shift') ? '2026-11-28' : '2026-11-23';
    const log = c.log(new Log(date));
    const r = run(model, log.events, { from: date, to: date });
    for (const [m, expected] of Object.entries(c.sessions ?? {})) {
      const day = r.derivation.mechanicDays.find((d) => d.mechanicId === m && d.date === date);
      expect(day ? r.sessions(m, date) : [], `${m} sessions`).toEqual(expected);
    }
    for (const [m, expected] of Object.entries(c.intervals ?? {}))
      expect(r.intervals(m, date), `${m} intervals`).toEqual(expected);
    for (const [m, expected] of Object.entries(c.presence ?? {})) {
      const presence = r
        .day(m, date)
        .presence.map((p) => `${hmOf(p.from, date)}–${hmOf(p.to, date)} ${p.openedBy}/${p.closedBy}`);
      expect(presence, `${m} presence`).toEqual(expected);
    }
    if (c.rejected) {
      const rejected = r.derivation.stationDays
        .flatMap((d) => d.rejectedTaps)
        .map((x) => `${x.reason} ${x.mechanicId ?? '-'} ${hmOf(x.at, date)}`);
      expect(rejected).toEqual(c.rejected);
    }
  });

  it('a badge counts only while it is assigned to the mechanic', () => {
    const model = stationModel();
    model.mechanics[0]!.badges = [{ uid: 'AA000001', validTo: t('12:00') }];
    model.mechanics[1]!.badges = [{ uid: 'AA000001', validFrom: t('12:00') }];
    const log = new Log()
      .tap('AA000001', 'L1', '09:00')
      .tap('AA000001', 'L1', '11:00')
      .tap('AA000001', 'L2', '13:00')
      .tap('AA000001', 'L2', '14:00');
    const r = run(model, log.events);
    expect(r.sessions('m1')).toEqual(['L1 09:00–11:00 tap']);
    expect(r.sessions('m2')).toEqual(['L2 13:00–14:00 tap']);
  });

  it('a reader rebound to another lift counts for the lift it was bound to at the time of the tap', () => {
    const model = stationModel();
    model.readers = [
      { bridgeId: 'b1', readerId: 'r1', target: 'L1', validTo: t('12:00') },
      { bridgeId: 'b1', readerId: 'r1', target: 'L3', validFrom: t('12:00') },
    ];
    const log = new Log()
      .tap('m1', 'L1', '09:00')
      .tap('m1', 'L1', '10:00')
      .tap('m1', 'L1', '13:00')
      .tap('m1', 'L1', '14:00');
    expect(run(model, log.events).sessions('m1')).toEqual(['L1 09:00–10:00 tap', 'L3 13:00–14:00 tap']);
  });

  it('a mechanic is never in two sessions at once and every session lies inside presence', () => {
    const log = new Log()
      .tap('m1', 'L1', '09:00')
      .tap('m1', 'L2', '09:30')
      .tap('m1', 'L3', '09:31')
      .breakStart('m1', '12:00')
      .tap('m1', 'L1', '12:30')
      .tap('m1', 'entrance', '15:00')
      .tap('m1', 'L2', '16:00');
    const day = run(stationModel(), log.events).day('m1');
    const sessions = [...day.sessions].sort((a, b) => a.openedAt - b.openedAt);
    for (let i = 1; i < sessions.length; i++)
      expect(sessions[i]!.openedAt).toBeGreaterThanOrEqual(sessions[i - 1]!.closedAt!);
    for (const s of sessions) {
      expect(day.presence.some((p) => p.from <= s.openedAt && (p.to ?? Infinity) >= s.closedAt!)).toBe(true);
    }
  });

  it('sessions never cross local midnight: the day end is a hard limit', () => {
    const model = stationModel({ openingHours: [] });
    model.mechanics[0]!.shifts = [];
    const log = new Log('2026-11-23').tap('m1', 'L1', '20:00');
    const r = run(model, log.events, { from: '2026-11-23', to: '2026-11-24' });
    expect(r.sessions('m1')).toEqual(['L1 20:00–00:00 auto(day_end)']);
    expect(r.derivation.mechanicDays.filter((d) => d.mechanicId === 'm1').map((d) => d.date)).toEqual([
      '2026-11-23',
    ]);
  });

  it('the tap outcomes say what each accepted tap did', () => {
    const log = new Log()
      .tap('m1', 'L1', '09:00')
      .tap('m1', 'L2', '10:00')
      .tap('m1', 'L2', '11:00')
      .tap('m1', 'entrance', '12:00');
    const taps = run(stationModel(), log.events)
      .day('m1')
      .taps.map((x) => `${x.action}${x.clockedIn ? '+in' : ''}`);
    expect(taps).toEqual(['session_open+in', 'session_switch', 'session_close', 'clock_out']);
  });

  it('break buttons that make no sense are recorded as ignored', () => {
    const log = new Log()
      .breakStart('m1', '08:00')
      .tap('m1', 'entrance', '09:00')
      .breakEnd('m1', '09:10')
      .breakStart('m1', '10:00')
      .breakStart('m1', '10:05');
    const ignored = run(stationModel(), log.events)
      .day('m1')
      .ignored.map((i) => `${i.kind}:${i.reason}`);
    expect(ignored).toEqual([
      'break.start:not_present',
      'break.end:not_on_break',
      'break.start:already_on_break',
    ]);
  });
});

function hmOf(instant: number | null, date: string): string {
  if (instant === null) return 'open';
  const seconds = Math.round((instant - t('00:00', date)) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const base = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return s ? `${base}:${String(s).padStart(2, '0')}` : base;
}

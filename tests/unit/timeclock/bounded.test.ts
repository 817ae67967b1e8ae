import { describe, expect, it } from 'vitest';
import {
  compactSnapshot,
  computeFigures,
  derive,
  deriveWithWorld,
  liveState,
  orderEvents,
  prepareStation,
  snapshotWorld,
  startOfLocalDay,
  type LabourEvent,
  type PreparedStation,
} from '../../../server/src/modules/timeclock/engine/index.ts';
import {
  DayLedger,
  firstAffectedDate,
  isCorrection,
  type LedgerLog,
} from '../../../server/src/modules/timeclock/live/day-ledger.ts';
import { Log, TZ, chaoticLog, prng, roomyLog, roomyStation, shuffle, stationModel, t } from './support.ts';

/**
 * The server's bounded derivation (live/day-ledger.ts): past days derived one at a time from the world
 * the previous day ended with and kept, invalidated from a late event's day on, today derived alone
 * for the live floor — against a derivation of the whole log, as the server did before.
 */

const DATES = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'];
const FROM = DATES[0]!;
const TODAY = DATES[DATES.length - 1]!;
const NOW = t('13:00', TODAY);

function logOf(events: readonly LabourEvent[]): LedgerLog {
  const sorted = orderEvents(events);
  return { events: sorted, corrections: sorted.filter(isCorrection) };
}

/** What the server computed before: the whole log from its first day to `to` (live up to now when `to` is today). */
function full(station: PreparedStation, events: readonly LabourEvent[], to: string) {
  const live = to >= TODAY;
  return derive(station, live ? events.filter((e) => e.at <= NOW) : events, {
    from: FROM,
    to: live ? TODAY : to,
    until: live ? NOW : undefined,
  });
}

function expectSameAsFull(station: PreparedStation, ledger: DayLedger, events: readonly LabourEvent[]) {
  const log = logOf(events);
  const periods = [
    ...DATES.map((d) => ({ from: d, to: d })),
    { from: FROM, to: TODAY },
    { from: DATES[1]!, to: DATES[2]! },
  ];
  for (const period of periods) {
    const bounded = ledger.period(log, period.from, period.to, NOW);
    const whole = full(station, events, period.to);
    expect(computeFigures(station, bounded, period, { daily: true }), `${period.from}..${period.to}`).toEqual(
      computeFigures(station, whole, period, { daily: true }),
    );
    // The period's days themselves are those of the whole derivation.
    const inPeriod = <T extends { date: string }>(list: T[]) =>
      list.filter((d) => d.date >= period.from && d.date <= period.to);
    const key = (d: { date: string; mechanicId: string }) => `${d.date} ${d.mechanicId}`;
    const sortByKey = <T extends { date: string; mechanicId: string }>(l: T[]) =>
      [...l].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(sortByKey(inPeriod(bounded.mechanicDays))).toEqual(sortByKey(inPeriod(whole.mechanicDays)));
    expect(bounded.liftDays).toEqual(
      inPeriod(whole.liftDays).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    );
    expect(bounded.stationDays).toEqual(inPeriod(whole.stationDays));
  }
  const live = ledger.live(log, NOW).state;
  expect(live).toEqual(
    liveState(
      station,
      events.filter((e) => e.at <= NOW),
      NOW,
    ),
  );
}

describe('bounded derivation (the server day ledger)', () => {
  it.each([1, 2, 3])(
    'seed %i: figures, days and the live floor equal a whole derivation, before and after late events',
    { timeout: 120_000 },
    (seed) => {
      const station = prepareStation(roomyStation());
      const all = roomyLog(prng(seed), DATES, 80);
      const random = prng(seed * 7 + 3);
      const late = all.filter(() => random() < 0.12);
      const lateSet = new Set(late);
      let known = all.filter((e) => !lateSet.has(e));
      const ledger = new DayLedger(station);
      expectSameAsFull(station, ledger, known);

      for (const event of shuffle(late, random)) {
        known = [...known, event];
        ledger.invalidateFrom(firstAffectedDate(event, TZ));
        // Read only now and then: several late events pile up between two reads, as in the server.
        if (random() < 0.3) ledger.live(logOf(known), NOW);
      }
      expectSameAsFull(station, ledger, known);
    },
  );

  it(
    'holds on the chaotic log (corrections about earlier days, duplicates, nonsense)',
    { timeout: 60_000 },
    () => {
      const station = prepareStation(stationModel());
      const all = chaoticLog(prng(5), DATES, 100);
      const ledger = new DayLedger(station);
      expectSameAsFull(station, ledger, all);
    },
  );

  it('derives each past day once; a late event re-derives only its day and the later ones', () => {
    const station = prepareStation(roomyStation());
    const events = roomyLog(prng(9), DATES, 60);
    const ledger = new DayLedger(station);
    const log = logOf(events);
    ledger.live(log, NOW);
    expect(ledger.derivedDays).toBe(3);
    ledger.live(log, NOW + 1000);
    ledger.period(log, FROM, TODAY, NOW);
    ledger.period(log, DATES[1]!, DATES[1]!, NOW);
    expect(ledger.derivedDays).toBe(3);

    const lateTap = new Log(DATES[2]).tap('m1', 'L1', '10:00').events[0]!;
    const withLate = [...events, { ...lateTap, seq: 999_999 }];
    ledger.invalidateFrom(firstAffectedDate(lateTap, TZ));
    ledger.live(logOf(withLate), NOW);
    expect(ledger.derivedDays).toBe(4);
    expectSameAsFull(station, ledger, withLate);
  });

  it('a correction made today about an earlier day invalidates from the day it is about', () => {
    const close = {
      kind: 'correction.close_session' as const,
      source: 'desk',
      seq: 1,
      at: t('09:00', TODAY),
      mechanicId: 'm1',
      closeAt: t('17:00', DATES[1]),
      reason: 'forgot',
    };
    expect(firstAffectedDate(close, TZ)).toBe(DATES[1]);
    const move = {
      kind: 'correction.move_time' as const,
      source: 'desk',
      seq: 2,
      at: t('09:00', TODAY),
      mechanicId: 'm1',
      fromJobId: 'J1a',
      toJobId: 'J1b',
      reason: 'wrong job',
      seconds: 600,
      date: FROM,
    };
    expect(firstAffectedDate(move, TZ)).toBe(FROM);
  });
});

describe('engine helpers for chaining days', () => {
  it('deriveWithWorld gives the derivation and the world at its horizon', () => {
    const station = prepareStation(stationModel());
    const events = chaoticLog(prng(3), DATES.slice(0, 2));
    const end = startOfLocalDay(DATES[2]!, TZ);
    const { derivation, world } = deriveWithWorld(station, events, { from: FROM, to: DATES[1] });
    expect(derivation).toEqual(derive(station, events, { from: FROM, to: DATES[1] }));
    expect(world).toEqual(snapshotWorld(station, events, end));
  });

  it('compactSnapshot leaves out untouched jobs, so a model change for them is seen later', () => {
    const log = new Log(FROM).place('RO1', 'L1', '08:50').tap('m1', 'L1', '09:00').tap('m1', 'L1', '10:00');
    const model = stationModel();
    const snapshot = snapshotWorld(model, log.events, startOfLocalDay(DATES[1]!, TZ));
    const compact = compactSnapshot(model, snapshot);
    // m1's tap started J1a and J1b; RO2/RO3 and their jobs were never touched.
    expect(compact.jobs.map((j) => j.id)).toEqual(['J1a', 'J1b']);
    expect(compact.orders.map((o) => o.id)).toEqual(['RO1']);
    expect(compact.lifts).toEqual(snapshot.lifts);
    // Restoring the compact snapshot gives the same days as the full one.
    const day2 = new Log(DATES[1]).tap('m2', 'L1', '09:00').tap('m2', 'L1', '11:00');
    expect(derive(model, day2.events, { from: DATES[1], to: DATES[1], world: compact })).toEqual(
      derive(model, day2.events, { from: DATES[1], to: DATES[1], world: snapshot }),
    );
    // J3 is declined in the model afterwards: from the compact snapshot it is declined, as from the log's start.
    const declined = stationModel({
      orders: model.orders.map((o) =>
        o.id === 'RO3' ? { ...o, jobs: o.jobs.map((j) => ({ ...j, declined: true })) } : o,
      ),
    });
    const later = new Log(DATES[1]).start('J3', '09:30');
    const fromCompact = derive(declined, later.events, { from: DATES[1], to: DATES[1], world: compact });
    const fromStart = derive(
      declined,
      [...log.events, ...later.events.map((e) => ({ ...e, seq: e.seq + 500 }))],
      {
        from: DATES[1],
        to: DATES[1],
      },
    );
    expect(fromCompact.stationDays[0]!.ignored.map((i) => i.reason)).toEqual(['job_closed']);
    expect(fromStart.stationDays[0]!.ignored.map((i) => i.reason)).toEqual(['job_closed']);
  });
});

/**
 * npx tsx scripts/bench-timeclock-month.ts [--days 31] [--mechanics 40] [--lifts 12] [--runs 7] [--seed 1]
 *
 * The timeclock module's reads after a month at a 40-mechanic station: the synthetic month of
 * scripts/bench-labour-engine.ts in the server's day ledger (live/day-ledger.ts, what LabourService
 * runs on its in-memory log), "now" in the afternoon of the last day. Times the live floor read (cold:
 * every past day derived once; warm: today only), figures for one day and for the month, and a late
 * event from ten days ago; and, for comparison, what the module did before (the whole log derived on
 * every read). Prints JSON.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  addDays,
  computeFigures,
  derive,
  instantOfLocalTime,
  liveState,
  orderEvents,
  prepareStation,
  type LabourEvent,
} from '../server/src/modules/timeclock/engine/index.ts';
import {
  DayLedger,
  firstAffectedDate,
  isCorrection,
} from '../server/src/modules/timeclock/live/day-ledger.ts';
import { generateStation } from './bench-labour-engine.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '31' },
    mechanics: { type: 'string', default: '40' },
    lifts: { type: 'string', default: '12' },
    runs: { type: 'string', default: '7' },
    seed: { type: 'string', default: '1' },
  },
});

const runs = Number(values.runs);
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function main() {
  const gen = generateStation({
    days: Number(values.days),
    mechanics: Number(values.mechanics),
    lifts: Number(values.lifts),
    seed: Number(values.seed),
  });
  const station = prepareStation(gen.model);
  const tz = gen.model.timeZone;
  const today = gen.to;
  const now = instantOfLocalTime(today, '15:00', tz);
  const events = orderEvents(gen.events);
  const log = { events, corrections: events.filter(isCorrection) };
  const upToNow = events.filter((e) => e.at <= now);
  const day = addDays(today, -3);

  // Before: every read derived the whole log (cached only until the next event).
  const before = {
    liveMs: [] as number[],
    dayFiguresMs: [] as number[],
    monthFiguresMs: [] as number[],
  };
  for (let i = 0; i < Math.min(runs, 3); i++) {
    before.liveMs.push(time(() => liveState(station, upToNow, now)).ms);
    before.dayFiguresMs.push(
      time(() =>
        computeFigures(station, derive(station, events, { from: gen.from, to: day }), { from: day, to: day }),
      ).ms,
    );
    before.monthFiguresMs.push(
      time(() =>
        computeFigures(station, derive(station, upToNow, { from: gen.from, to: today, until: now }), {
          from: gen.from,
          to: today,
        }),
      ).ms,
    );
  }

  const ledger = new DayLedger(station);
  const cold = time(() => ledger.live(log, now));
  const coldDays = ledger.derivedDays;

  // Warm: a tap arrives today, the floor is read again (today only is derived).
  const liveMs: number[] = [];
  for (let i = 0; i < runs; i++) liveMs.push(time(() => ledger.live(log, now + i * 1000)).ms);
  const dayMs: number[] = [];
  const monthMs: number[] = [];
  let monthFigures = null as ReturnType<typeof computeFigures> | null;
  for (let i = 0; i < runs; i++) {
    dayMs.push(
      time(() => computeFigures(station, ledger.period(log, day, day, now), { from: day, to: day })).ms,
    );
    const m = time(() =>
      computeFigures(station, ledger.period(log, gen.from, today, now), { from: gen.from, to: today }),
    );
    monthMs.push(m.ms);
    monthFigures = m.value;
  }

  // A late event from ten days ago: the days from then on are derived again on the next read.
  const lateAt = instantOfLocalTime(addDays(today, -10), '11:00', tz);
  const late = { ...events.find((e) => e.kind === 'badge.tap')!, at: lateAt, seq: 9_999_999 } as LabourEvent;
  const withLate = orderEvents([...events, late]);
  const lateLog = { events: withLate, corrections: log.corrections };
  const derivedBefore = ledger.derivedDays;
  ledger.invalidateFrom(firstAffectedDate(late, tz));
  const afterLate = time(() => ledger.live(lateLog, now));

  // The bounded month equals the whole derivation's month (the module's promise).
  const whole = computeFigures(station, derive(station, upToNow, { from: gen.from, to: today, until: now }), {
    from: gen.from,
    to: today,
  });
  const same = JSON.stringify(whole) === JSON.stringify(monthFigures);

  console.log(
    JSON.stringify(
      {
        station: `${values.mechanics} mechanics, ${values.lifts} lifts, ${values.days} days (${gen.from}..${today}), now ${today} 15:00`,
        events: events.length,
        before: {
          liveFloorMs: round(median(before.liveMs)),
          dayFiguresMs: round(median(before.dayFiguresMs)),
          monthFiguresMs: round(median(before.monthFiguresMs)),
        },
        bounded: {
          liveFloorColdMs: round(cold.ms),
          daysDerivedCold: coldDays,
          liveFloorWarmMs: { median: round(median(liveMs)), max: round(Math.max(...liveMs)) },
          dayFiguresMs: { median: round(median(dayMs)), max: round(Math.max(...dayMs)) },
          monthFiguresMs: { median: round(median(monthMs)), max: round(Math.max(...monthMs)) },
          lateEventTenDaysAgo: {
            liveFloorMs: round(afterLate.ms),
            daysDerivedAgain: ledger.derivedDays - derivedBefore,
          },
        },
        monthFiguresEqualWholeDerivation: same,
        heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576),
        loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
        cpus: os.cpus().length,
      },
      null,
      2,
    ),
  );
  if (!same) process.exit(1);
}

main();

/**
 * npx tsx scripts/bench-labour-engine.ts [--days 31] [--mechanics 40] [--lifts 12] [--runs 7] [--seed 1]
 *
 * Generates a month of a busy station (mechanics in teams per lift, cars on and off the lifts, jobs with
 * waits for parts, approval and tools, breaks, entrance taps, duplicate reads, unknown badges, a bridge
 * with a wrong clock) and times the labour engine deriving it and computing the month's figures. Prints
 * the event count, the median and best derive time, and the heap used.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  computeFigures,
  derive,
  instantOfLocalTime,
  addDays,
  prepareStation,
  type LabourEvent,
  type StationModel,
  type WaitReason,
} from '../server/src/modules/timeclock/engine/index.ts';
import { weekdayOf } from '../server/src/modules/timeclock/engine/tz.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '31' },
    mechanics: { type: 'string', default: '40' },
    lifts: { type: 'string', default: '12' },
    runs: { type: 'string', default: '9' },
    seed: { type: 'string', default: '1' },
  },
});

/** mulberry32: a small seeded PRNG, so every run benchmarks the same month. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedStation {
  model: StationModel;
  events: LabourEvent[];
  from: string;
  to: string;
}

export function generateStation(opts: {
  days: number;
  mechanics: number;
  lifts: number;
  seed: number;
}): GeneratedStation {
  const rnd = prng(opts.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const tz = 'Europe/Moscow';
  const from = '2026-03-01';
  const to = addDays(from, opts.days - 1);
  const minute = 60_000;

  const lifts = Array.from({ length: opts.lifts }, (_, i) => ({ id: `L${i + 1}`, code: `Lift ${i + 1}` }));
  const mechanics = Array.from({ length: opts.mechanics }, (_, i) => ({
    id: `M${String(i + 1).padStart(2, '0')}`,
    name: `Mechanic ${i + 1}`,
    badges: [{ uid: (0x04a00000 + i).toString(16).toUpperCase().padStart(8, '0') + 'AB' }],
    shifts:
      i % 4 === 3
        ? [2, 3, 4, 5, 6].map((weekday) => ({ weekday: weekday as 2, start: '10:00', end: '19:00' }))
        : [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, start: '09:00', end: '18:00' })),
  }));
  const team = (lift: number) => mechanics.filter((_, i) => i % opts.lifts === lift);
  const model: StationModel = {
    timeZone: tz,
    openingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday: weekday as 1,
      start: '08:00',
      end: '21:00',
    })),
    mechanics,
    lifts,
    readers: [
      ...lifts.map((l, i) => ({ bridgeId: `b${i + 1}`, readerId: 'r1', target: l.id })),
      { bridgeId: 'gate', readerId: 'r1', target: 'entrance' },
    ],
    sensors: lifts.flatMap((l, i) => [
      { bridgeId: `b${i + 1}`, sensorId: 's1', liftId: l.id, kind: 'lift' as const },
      { bridgeId: `b${i + 1}`, sensorId: 's2', liftId: l.id, kind: 'bay' as const },
    ]),
    orders: [],
  };

  const events: LabourEvent[] = [];
  const seq = new Map<string, number>();
  const emit = (source: string, at: number, payload: Record<string, unknown>) => {
    const n = (seq.get(source) ?? 0) + 1;
    seq.set(source, n);
    events.push({ source, seq: n, at: Math.round(at), ...payload } as LabourEvent);
  };
  // Bridge b3's clock runs 7 minutes slow; the server corrects it from sentAt/receivedAt.
  const bridge = (liftIndex: number | 'gate', at: number, payload: Record<string, unknown>) => {
    const bridgeId = liftIndex === 'gate' ? 'gate' : `b${liftIndex + 1}`;
    const skew = bridgeId === 'b3' ? -7 * minute : 0;
    const latency = 20 + rnd() * 200;
    const raw = {
      at: Math.round(at + skew),
      sentAt: Math.round(at + skew + latency),
      receivedAt: Math.round(at + latency),
    };
    emit(`bridge:${bridgeId}`, raw.at + (raw.receivedAt - raw.sentAt), { bridgeId, raw, ...payload });
  };
  const tap = (liftIndex: number | 'gate', at: number, uid: string) => {
    bridge(liftIndex, at, { kind: 'badge.tap', readerId: 'r1', uid });
    if (rnd() < 0.05) bridge(liftIndex, at + between(500, 3000), { kind: 'badge.tap', readerId: 'r1', uid });
  };
  const uidOf = (m: (typeof mechanics)[number]) => m.badges[0]!.uid;

  let orderNo = 0;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const weekday = weekdayOf(date);
    if (weekday === 7) continue;
    const at = (hhmm: string) => instantOfLocalTime(date, hhmm, tz);
    const working = mechanics.filter((m) => m.shifts.some((s) => s.weekday === weekday));
    const workingIds = new Set(working.map((m) => m.id));
    for (const m of working) {
      const start = m.shifts[0]!.start;
      tap('gate', at(start) - between(2, 20) * minute, uidOf(m));
      const lunch = at('13:00') + between(0, 30) * minute;
      emit('kiosk', lunch, { kind: 'break.start', mechanicId: m.id });
      emit('kiosk', lunch + between(40, 60) * minute, { kind: 'break.end', mechanicId: m.id });
      if (rnd() > 0.15) tap('gate', at(m.shifts[0]!.end) + between(-5, 25) * minute, uidOf(m));
    }
    if (rnd() < 0.5) tap('gate', at('10:00'), 'DEADBEEF01');

    lifts.forEach((lift, li) => {
      const crew = team(li).filter((m) => workingIds.has(m.id));
      if (crew.length === 0) return;
      for (const [blockStart, blockEnd] of [
        ['09:20', '13:00'],
        ['14:30', '18:00'],
      ] as const) {
        let cursor = at(blockStart) + between(0, 20) * minute;
        const end = at(blockEnd);
        while (cursor < end - 45 * minute) {
          orderNo += 1;
          const orderId = `RO${orderNo}`;
          const jobCount = 1 + Math.floor(rnd() * 3);
          const jobs = Array.from({ length: jobCount }, (_, j) => ({
            id: `${orderId}-J${j + 1}`,
            orderId,
            name: pick(['Brake pads', 'Oil service', 'Diagnostics', 'Suspension', 'Tyres', 'Timing belt']),
            normSeconds: Math.round(between(0.3, 1.5) * 3600),
          }));
          const assigned = jobs.map((j) => ({ jobId: j.id, mechanicId: pick(crew).id }));
          model.orders.push({ id: orderId, number: `WO-2026-${String(orderNo).padStart(6, '0')}`, jobs });
          emit('desk', cursor - 10 * minute, { kind: 'order.arrived', orderId, plannedLiftId: lift.id });
          // The foreman assigns the jobs when the car is checked in.
          for (const a of assigned) emit('desk', cursor - 9 * minute, { kind: 'job.assign', ...a });
          emit('desk', cursor, { kind: 'placement.placed', orderId, liftId: lift.id });
          bridge(li, cursor + 30_000, { kind: 'bay.sensor', sensorId: 's2', state: 'occupied' });
          bridge(li, cursor + between(2, 6) * minute, {
            kind: 'lift.sensor',
            sensorId: 's1',
            state: 'raised',
          });
          const workers = [...new Set(assigned.map((a) => a.mechanicId))];
          const tapIn = cursor + between(3, 8) * minute;
          for (const w of workers)
            tap(li, tapIn + between(0, 60_000), uidOf(mechanics.find((m) => m.id === w)!));
          let t = tapIn + 2 * minute;
          for (const job of jobs) {
            const work = job.normSeconds * 1000 * between(0.7, 1.3);
            if (rnd() < 0.3) {
              const pauseAt = t + work * between(0.1, 0.5);
              const reason: WaitReason = rnd() < 0.6 ? 'parts' : rnd() < 0.6 ? 'approval' : 'tool';
              emit('kiosk', pauseAt, { kind: 'job.pause', jobId: job.id, reason });
              const wait = between(5, 40) * minute;
              if (reason === 'parts') emit('system', pauseAt + wait, { kind: 'parts.issued', jobId: job.id });
              else if (reason === 'approval')
                emit('desk', pauseAt + wait, {
                  kind: 'approval.decided',
                  jobId: job.id,
                  decision: 'approved',
                });
              else emit('kiosk', pauseAt + wait, { kind: 'job.resume', jobId: job.id });
              t += wait;
            }
            t += work;
            emit('kiosk', t, { kind: 'job.complete', jobId: job.id });
            // The next job of the same mechanic starts on the kiosk; other mechanics' jobs started on their tap.
            t += between(1, 4) * minute;
          }
          for (const w of workers)
            tap(li, t + between(0, 2) * minute, uidOf(mechanics.find((m) => m.id === w)!));
          bridge(li, t + between(3, 6) * minute, { kind: 'lift.sensor', sensorId: 's1', state: 'lowered' });
          emit('desk', t + 8 * minute, { kind: 'placement.removed', orderId });
          bridge(li, t + 9 * minute, { kind: 'bay.sensor', sensorId: 's2', state: 'free' });
          emit('desk', t + 12 * minute, { kind: 'order.departed', orderId });
          cursor = t + between(10, 25) * minute;
        }
      }
    });
  }
  return { model, events, from, to };
}

function median(list: number[]): number {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

function main() {
  const opts = {
    days: Number(values.days),
    mechanics: Number(values.mechanics),
    lifts: Number(values.lifts),
    seed: Number(values.seed),
  };
  const runs = Number(values.runs);
  const { model, events, from, to } = generateStation(opts);
  const station = prepareStation(model);

  const once = () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const derivation = derive(station, events, { from, to });
    const t1 = performance.now();
    const figures = computeFigures(station, derivation, { from, to });
    const t2 = performance.now();
    return { derivation, figures, deriveMs: t1 - t0, figuresMs: t2 - t1, cpuMs: cpuMs(c0) };
  };

  // The first run pays for compiling the engine (a server process pays it once); then warm runs.
  const cold = once();
  const warm = Array.from({ length: runs }, once);
  const { derivation, figures } = warm[warm.length - 1]!;
  const round = (n: number) => Math.round(n);
  console.log(
    JSON.stringify(
      {
        station: `${opts.mechanics} mechanics, ${opts.lifts} lifts, ${opts.days} days (${from}..${to}), seed ${opts.seed}`,
        events: events.length,
        orders: model.orders.length,
        jobs: model.orders.reduce((n, o) => n + o.jobs.length, 0),
        mechanicDays: derivation.mechanicDays.length,
        intervals: derivation.mechanicDays.reduce((n, d) => n + d.intervals.length, 0),
        sessions: derivation.mechanicDays.reduce((n, d) => n + d.sessions.length, 0),
        productiveHours:
          Math.round(figures.mechanics.reduce((s, m) => s + m.productiveSeconds, 0) / 360) / 10,
        coldRun: {
          deriveMs: round(cold.deriveMs),
          figuresMs: round(cold.figuresMs),
          cpuMs: round(cold.cpuMs),
        },
        warmRuns: runs,
        deriveMs: {
          median: round(median(warm.map((r) => r.deriveMs))),
          best: round(Math.min(...warm.map((r) => r.deriveMs))),
        },
        figuresMs: {
          median: round(median(warm.map((r) => r.figuresMs))),
          best: round(Math.min(...warm.map((r) => r.figuresMs))),
        },
        totalMs: { median: round(median(warm.map((r) => r.deriveMs + r.figuresMs))) },
        cpuMs: { median: round(median(warm.map((r) => r.cpuMs))) },
        heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576),
        loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
        cpus: os.cpus().length,
        node: process.version,
      },
      null,
      2,
    ),
  );
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();

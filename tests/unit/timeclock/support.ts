import {
  computeFigures,
  derive,
  instantOfLocalTime,
  type DeriveOptions,
  type Derivation,
  type Figures,
  type LabourEvent,
  type MechanicDay,
  type StationModel,
  type WaitReason,
} from '../../../server/src/modules/timeclock/engine/index.ts';
import { localDateTimeOf } from '../../../server/src/modules/timeclock/engine/tz.ts';

/**
 * A small station for the rule tests: Moscow (no DST), open Mon–Sat 08:00–20:00, mechanics m1..m3 with
 * shifts Mon–Fri 09:00–18:00, lifts L1..L3 with a reader and both sensors each, an entrance reader, and
 * orders RO1..RO3 (jobs J1a/J1b on RO1, J2 on RO2, J3 on RO3). Dates default to Monday 2026-11-23.
 */

export const TZ = 'Europe/Moscow';
export const DAY = '2026-11-23';
export const UID: Record<string, string> = { m1: '04000001AA', m2: '04000002AA', m3: '04000003AA' };

export function stationModel(over: Partial<StationModel> = {}): StationModel {
  const weekdays = [1, 2, 3, 4, 5] as const;
  return {
    timeZone: TZ,
    openingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday: weekday as 1,
      start: '08:00',
      end: '20:00',
    })),
    mechanics: ['m1', 'm2', 'm3'].map((id) => ({
      id,
      name: id.toUpperCase(),
      badges: [{ uid: UID[id]! }],
      shifts: weekdays.map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
    })),
    lifts: ['L1', 'L2', 'L3'].map((id) => ({ id, code: id })),
    readers: [
      { bridgeId: 'b1', readerId: 'r1', target: 'L1' },
      { bridgeId: 'b2', readerId: 'r1', target: 'L2' },
      { bridgeId: 'b3', readerId: 'r1', target: 'L3' },
      { bridgeId: 'gate', readerId: 'r1', target: 'entrance' },
    ],
    sensors: ['L1', 'L2', 'L3'].flatMap((liftId, i) => [
      { bridgeId: `b${i + 1}`, sensorId: 's1', liftId, kind: 'lift' as const },
      { bridgeId: `b${i + 1}`, sensorId: 's2', liftId, kind: 'bay' as const },
    ]),
    orders: [
      {
        id: 'RO1',
        jobs: [
          { id: 'J1a', orderId: 'RO1', normSeconds: 3600, assignees: ['m1'] },
          { id: 'J1b', orderId: 'RO1', normSeconds: 1800, assignees: ['m1'] },
        ],
      },
      { id: 'RO2', jobs: [{ id: 'J2', orderId: 'RO2', normSeconds: 3600, assignees: ['m2'] }] },
      { id: 'RO3', jobs: [{ id: 'J3', orderId: 'RO3', normSeconds: 7200, assignees: [] }] },
    ],
    ...over,
  };
}

/** A station-local time on DAY (or another date): `t('09:10')`, `t('09:10:04.500')`. */
export function t(time: string, date = DAY, tz = TZ): number {
  const [hms, ms] = time.split('.');
  return instantOfLocalTime(date, hms!, tz) + Number((ms ?? '0').padEnd(3, '0'));
}

const READER: Record<string, string> = { L1: 'b1', L2: 'b2', L3: 'b3', entrance: 'gate' };

/** Builds an event log with per-source sequence numbers, in the order the calls are made. */
export class Log {
  readonly events: LabourEvent[] = [];
  private readonly seq = new Map<string, number>();

  constructor(
    private readonly date = DAY,
    private readonly tz = TZ,
  ) {}

  private at(time: string | number): number {
    return typeof time === 'number' ? time : t(time, this.date, this.tz);
  }

  private next(source: string): number {
    const n = (this.seq.get(source) ?? 0) + 1;
    this.seq.set(source, n);
    return n;
  }

  add(source: string, time: string | number, payload: Record<string, unknown>): this {
    this.events.push({ source, seq: this.next(source), at: this.at(time), ...payload } as LabourEvent);
    return this;
  }

  /** A badge read by mechanic `who` (or a raw UID) at a lift, the entrance, or `bridge/reader`. */
  tap(who: string, where: string, time: string | number): this {
    const [bridgeId, readerId] = where.includes('/') ? where.split('/') : [READER[where]!, 'r1'];
    return this.add(`bridge:${bridgeId}`, time, {
      kind: 'badge.tap',
      bridgeId,
      readerId,
      uid: UID[who] ?? who,
    });
  }

  lift(liftId: string, state: 'raised' | 'lowered', time: string | number): this {
    const bridgeId = READER[liftId]!;
    return this.add(`bridge:${bridgeId}`, time, { kind: 'lift.sensor', bridgeId, sensorId: 's1', state });
  }

  bay(liftId: string, state: 'occupied' | 'free', time: string | number): this {
    const bridgeId = READER[liftId]!;
    return this.add(`bridge:${bridgeId}`, time, { kind: 'bay.sensor', bridgeId, sensorId: 's2', state });
  }

  place(orderId: string, liftId: string, time: string | number): this {
    return this.add('desk', time, { kind: 'placement.placed', orderId, liftId });
  }

  unplace(orderId: string, time: string | number): this {
    return this.add('desk', time, { kind: 'placement.removed', orderId });
  }

  arrive(orderId: string, plannedLiftId: string | null, time: string | number): this {
    return this.add('desk', time, { kind: 'order.arrived', orderId, plannedLiftId });
  }

  depart(orderId: string, time: string | number): this {
    return this.add('desk', time, { kind: 'order.departed', orderId });
  }

  start(jobId: string, time: string | number): this {
    return this.add('kiosk', time, { kind: 'job.start', jobId });
  }

  pause(jobId: string, reason: WaitReason, time: string | number): this {
    return this.add('kiosk', time, { kind: 'job.pause', jobId, reason });
  }

  resume(jobId: string, time: string | number): this {
    return this.add('kiosk', time, { kind: 'job.resume', jobId });
  }

  complete(jobId: string, time: string | number): this {
    return this.add('kiosk', time, { kind: 'job.complete', jobId });
  }

  assign(jobId: string, mechanicId: string, time: string | number): this {
    return this.add('desk', time, { kind: 'job.assign', jobId, mechanicId });
  }

  unassign(jobId: string, mechanicId: string, time: string | number): this {
    return this.add('desk', time, { kind: 'job.unassign', jobId, mechanicId });
  }

  partsIssued(jobId: string, time: string | number): this {
    return this.add('system', time, { kind: 'parts.issued', jobId });
  }

  approval(jobId: string, decision: 'approved' | 'declined', time: string | number): this {
    return this.add('desk', time, { kind: 'approval.decided', jobId, decision });
  }

  breakStart(mechanicId: string, time: string | number): this {
    return this.add('kiosk', time, { kind: 'break.start', mechanicId });
  }

  breakEnd(mechanicId: string, time: string | number): this {
    return this.add('kiosk', time, { kind: 'break.end', mechanicId });
  }
}

export interface Run {
  derivation: Derivation;
  figures: Figures;
  day(mechanicId: string, date?: string): MechanicDay;
  /** `HH:MM–HH:MM kind@lift[jobs]` per interval of the mechanic's day, absent intervals left out. */
  intervals(mechanicId: string, date?: string): string[];
  sessions(mechanicId: string, date?: string): string[];
  mechanic(mechanicId: string): Figures['mechanics'][number];
}

export function hm(instant: number | null, tz = TZ): string {
  if (instant === null) return 'open';
  const s = localDateTimeOf(instant, tz).slice(11);
  return s.endsWith(':00') ? s.slice(0, 5) : s;
}

export function run(model: StationModel, events: LabourEvent[], options: DeriveOptions = {}): Run {
  const derivation = derive(model, events, { from: DAY, to: DAY, ...options });
  const figures = computeFigures(model, derivation, { from: derivation.from, to: derivation.to });
  const tz = model.timeZone;
  const day = (mechanicId: string, date = derivation.from) => {
    const found = derivation.mechanicDays.find((d) => d.mechanicId === mechanicId && d.date === date);
    if (!found) throw new Error(`no day ${date} for ${mechanicId}`);
    return found;
  };
  return {
    derivation,
    figures,
    day,
    intervals: (m, date) =>
      day(m, date)
        .intervals.filter((i) => i.kind !== 'absent')
        .map(
          (i) =>
            `${hm(i.from, tz)}–${hm(i.to, tz)} ${i.kind}${i.liftId ? `@${i.liftId}` : ''}${i.jobIds.length ? `[${i.jobIds.join(',')}]` : ''}`,
        ),
    sessions: (m, date) =>
      day(m, date).sessions.map(
        (s) =>
          `${s.liftId} ${hm(s.openedAt, tz)}–${hm(s.closedAt, tz)} ${s.closedBy}${s.autoRule ? `(${s.autoRule})` : ''}`,
      ),
    mechanic: (m) => {
      const found = figures.mechanics.find((x) => x.mechanicId === m);
      if (!found) throw new Error(`no figures for ${m}`);
      return found;
    },
  };
}

/** mulberry32: a seeded PRNG so property tests are repeatable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A chaotic but valid event log over several days for the property tests: taps anywhere (with repeated
 * reads, unknown badges, unbound readers), breaks, sensors, placements and arrivals, every job action,
 * parts and approvals, and both kinds of corrections — deliberately including nonsense a real shop
 * produces (resuming a job that is not waiting, a break end without a break).
 */
export function chaoticLog(random: () => number, dates: string[], eventsPerDay = 120): LabourEvent[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const mechanics = ['m1', 'm2', 'm3'];
  const lifts = ['L1', 'L2', 'L3'];
  const jobs = ['J1a', 'J1b', 'J2', 'J3'];
  const orders = ['RO1', 'RO2', 'RO3'];
  const reasons: WaitReason[] = ['parts', 'approval', 'tool', 'lift', 'other'];
  const all: LabourEvent[] = [];
  dates.forEach((date, d) => {
    const log = new Log(date);
    // Whole seconds mostly, sometimes with milliseconds; 06:00–22:59 local.
    const time = () =>
      t('06:00', date) +
      Math.floor(random() * 17 * 3600) * 1000 +
      (random() < 0.2 ? Math.floor(random() * 1000) : 0);
    for (let i = 0; i < eventsPerDay; i++) {
      const at = time();
      const r = random();
      if (r < 0.3) log.tap(pick(mechanics), pick([...lifts, 'entrance']), at);
      else if (r < 0.33)
        log.tap(pick(mechanics), pick(lifts), at).tap(pick(mechanics), pick(lifts), at + 2000);
      else if (r < 0.34) log.tap(pick(['DEADBEEF', 'm1']), pick(['L1', 'b9/r1']), at);
      else if (r < 0.4)
        log.add('kiosk', at, {
          kind: random() < 0.5 ? 'break.start' : 'break.end',
          mechanicId: pick(mechanics),
        });
      else if (r < 0.48) log.lift(pick(lifts), random() < 0.5 ? 'raised' : 'lowered', at);
      else if (r < 0.55) log.bay(pick(lifts), random() < 0.5 ? 'occupied' : 'free', at);
      else if (r < 0.6) log.place(pick(orders), pick(lifts), at);
      else if (r < 0.62) log.unplace(pick(orders), at);
      else if (r < 0.65) log.arrive(pick(orders), random() < 0.8 ? pick(lifts) : null, at);
      else if (r < 0.66) log.depart(pick(orders), at);
      else if (r < 0.7) log.start(pick(jobs), at);
      else if (r < 0.77) log.pause(pick(jobs), pick(reasons), at);
      else if (r < 0.8) log.resume(pick(jobs), at);
      else if (r < 0.82) log.complete(pick(jobs), at);
      else if (r < 0.86) log.assign(pick(jobs), pick(mechanics), at);
      else if (r < 0.88) log.unassign(pick(jobs), pick(mechanics), at);
      else if (r < 0.92) log.partsIssued(pick(jobs), at);
      else if (r < 0.94) log.approval(pick(jobs), random() < 0.8 ? 'approved' : 'declined', at);
      else if (r < 0.97) {
        log.add('desk', at + 3600_000, {
          kind: 'correction.close_session',
          mechanicId: pick(mechanics),
          closeAt: at,
          reason: 'random correction',
        });
      } else {
        const from = at;
        log.add('desk', at + 7200_000, {
          kind: 'correction.move_time',
          mechanicId: pick(mechanics),
          fromJobId: pick(jobs),
          toJobId: pick(jobs),
          reason: 'random move',
          ...(random() < 0.5
            ? { from, to: from + Math.floor(random() * 7200_000) + 1 }
            : { seconds: 1 + Math.floor(random() * 1800), date }),
        });
      }
    }
    // Sources restart their sequence per Log: keep (source, seq) unique across days.
    all.push(...log.events.map((e) => ({ ...e, seq: e.seq + d * 100_000 })));
  });
  return all;
}

/**
 * A roomier station for the impact property test: 8 mechanics with a home lift each (two per lift on
 * L1..L4, L5 and L6 shared), 6 orders of 2 jobs. Sparse enough that an event touches few mechanic-days,
 * so a missing ripple in affectedDays shows up as a wrong day.
 */
export function roomyStation(): StationModel {
  const base = stationModel();
  const mechanics = Array.from({ length: 8 }, (_, i) => `m${i + 1}`);
  const lifts = Array.from({ length: 6 }, (_, i) => `L${i + 1}`);
  for (const m of mechanics) UID[m] ??= `04${String(m.slice(1)).padStart(6, '0')}BB`;
  return {
    ...base,
    mechanics: mechanics.map((id) => ({
      id,
      name: id.toUpperCase(),
      badges: [{ uid: UID[id]! }],
      shifts: base.mechanics[0]!.shifts,
    })),
    lifts: lifts.map((id) => ({ id, code: id })),
    readers: [
      ...lifts.map((id, i) => ({ bridgeId: `b${i + 1}`, readerId: 'r1', target: id })),
      { bridgeId: 'gate', readerId: 'r1', target: 'entrance' },
    ],
    sensors: lifts.flatMap((liftId, i) => [
      { bridgeId: `b${i + 1}`, sensorId: 's1', liftId, kind: 'lift' as const },
      { bridgeId: `b${i + 1}`, sensorId: 's2', liftId, kind: 'bay' as const },
    ]),
    orders: Array.from({ length: 6 }, (_, o) => ({
      id: `RO${o + 1}`,
      jobs: ['a', 'b'].map((x, j) => ({
        id: `J${o + 1}${x}`,
        orderId: `RO${o + 1}`,
        normSeconds: 1800 * (j + 1),
        assignees: [mechanics[(o * 2 + j) % 8]!],
      })),
    })),
  };
}

/** Events for roomyStation: mechanics mostly at their home lift, orders mostly on their own lift. */
export function roomyLog(random: () => number, dates: string[], eventsPerDay = 100): LabourEvent[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const mechanics = Array.from({ length: 8 }, (_, i) => `m${i + 1}`);
  const home = (m: string) => `L${Math.min(6, Math.ceil(Number(m.slice(1)) / 2))}`;
  const reasons: WaitReason[] = ['parts', 'approval', 'tool', 'lift', 'other'];
  const all: LabourEvent[] = [];
  dates.forEach((date, d) => {
    const log = new Log(date);
    const time = () => t('07:00', date) + Math.floor(random() * 13 * 3600) * 1000;
    for (let o = 1; o <= 6; o++) if (random() < 0.8) log.place(`RO${o}`, `L${o}`, time());
    for (let i = 0; i < eventsPerDay; i++) {
      const at = time();
      const m = pick(mechanics);
      const o = 1 + Math.floor(random() * 6);
      const job = `J${o}${pick(['a', 'b'])}`;
      const r = random();
      if (r < 0.35)
        log.tap(m, random() < 0.85 ? home(m) : pick(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'entrance']), at);
      else if (r < 0.42)
        log.add('kiosk', at, { kind: random() < 0.5 ? 'break.start' : 'break.end', mechanicId: m });
      else if (r < 0.48) log.lift(`L${o}`, random() < 0.5 ? 'raised' : 'lowered', at);
      else if (r < 0.53) log.bay(`L${o}`, random() < 0.5 ? 'occupied' : 'free', at);
      else if (r < 0.56)
        log.place(`RO${o}`, random() < 0.8 ? `L${o}` : `L${1 + Math.floor(random() * 6)}`, at);
      else if (r < 0.58) log.unplace(`RO${o}`, at);
      else if (r < 0.6) log.arrive(`RO${o}`, `L${o}`, at);
      else if (r < 0.66) log.start(job, at);
      else if (r < 0.73) log.pause(job, pick(reasons), at);
      else if (r < 0.77) log.resume(job, at);
      else if (r < 0.8) log.complete(job, at);
      else if (r < 0.83) log.assign(job, m, at);
      else if (r < 0.85) log.unassign(job, m, at);
      else if (r < 0.89) log.partsIssued(job, at);
      else if (r < 0.92) log.approval(job, 'approved', at);
      else if (r < 0.96)
        log.add('desk', at + 3600_000, {
          kind: 'correction.close_session',
          mechanicId: m,
          closeAt: at,
          reason: 'r',
        });
      else
        log.add('desk', at + 3600_000, {
          kind: 'correction.move_time',
          mechanicId: m,
          fromJobId: job,
          toJobId: `J${o}a`,
          reason: 'r',
          from: at - 1800_000,
          to: at,
        });
    }
    all.push(...log.events.map((e) => ({ ...e, seq: e.seq + d * 100_000 })));
  });
  return all;
}

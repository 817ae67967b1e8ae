import { contextOf, type PreparedStation } from './derive.ts';
import { addWaits, apportion, sumWaits, zeroWaits } from './totals.ts';
import { DayCalendar } from './tz.ts';
import {
  type AutoCloseRule,
  type Derivation,
  type JobStateName,
  type JobTrack,
  type LocalDate,
  type MechanicDay,
  type StationModel,
  type WaitSeconds,
} from './types.ts';

/**
 * The figures of LABOUR.md for a period of local days, from a derivation that covers it. Seconds are
 * whole; every total is a sum of whole-second intervals, and where time is shared (a second split among
 * jobs, a job's norm split among mechanics) it is rounded once per period by largest remainder, so the
 * parts add up exactly to the whole.
 */

export interface Period {
  from: LocalDate;
  to: LocalDate;
}

export interface TimeFigures {
  scheduledSeconds: number;
  presentSeconds: number;
  absentSeconds: number;
  breakSeconds: number;
  availableSeconds: number;
  productiveSeconds: number;
  waitingSeconds: WaitSeconds;
  waitingTotalSeconds: number;
  unassignedSeconds: number;
  idleSeconds: number;
  billedSeconds: number;
  /** billed / productive */
  efficiency: number | null;
  /** productive / available */
  productivity: number | null;
  /** billed / available */
  proficiency: number | null;
}

export interface MechanicFigures extends TimeFigures {
  mechanicId: string;
  name: string;
  autoClosedSessions: number;
  jobs: { jobId: string; productiveSeconds: number; billedSeconds: number }[];
  daily?: (TimeFigures & { date: LocalDate })[];
}

export interface JobFigures {
  jobId: string;
  orderId: string;
  orderNumber: string | null;
  name: string | null;
  normSeconds: number;
  /** The state at the end of the derivation. */
  state: JobStateName;
  completedAt: string | null;
  /** Productive time in the period, in total and per mechanic. */
  productiveSeconds: number;
  productiveByMechanic: Record<string, number>;
  /** Mechanics' time spent waiting on this job in the period, by reason. */
  mechanicWaitingSeconds: WaitSeconds;
  /** The job's own time in each wait state in the period (elapsed, whoever waited). */
  waitElapsedSeconds: WaitSeconds;
  /** All productive time on the job over the derivation: the actual to compare with the norm. */
  actualSeconds: number;
  actualMinusNormSeconds: number;
  /** Norm shares of a job completed in the period; unbilled when nobody had productive time on it. */
  billedByMechanic: Record<string, number>;
  unbilledSeconds: number;
}

export interface LiftFigures {
  liftId: string;
  code: string;
  openSeconds: number;
  occupiedSeconds: number;
  workedSeconds: number;
  untrackedSeconds: number;
  /** worked / open hours (may exceed 1 when lifts are worked outside opening hours); null when closed. */
  utilisation: number | null;
}

export interface ReviewItem {
  mechanicId: string;
  liftId: string;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  autoRule: AutoCloseRule | null;
  correction: { source: string; seq: number; reason: string } | null;
}

export interface Figures {
  timeZone: string;
  from: LocalDate;
  to: LocalDate;
  mechanics: MechanicFigures[];
  jobs: JobFigures[];
  lifts: LiftFigures[];
  /** Sessions the foreman should look at: closed automatically, or corrected. */
  review: ReviewItem[];
  rejectedTaps: {
    at: string;
    source: string;
    seq: number;
    uid: string;
    reader: string;
    mechanicId: string | null;
    reason: string;
  }[];
}

export interface FigureOptions {
  /** Also give each mechanic's figures per day. */
  daily?: boolean;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}

const iso = (t: number) => new Date(t).toISOString();

function sortedRecord(entries: Iterable<[string, number]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) out[k] = v;
  return out;
}

/** Whole seconds per job for one mechanic: their productive seconds shared by the exact job fractions. */
function jobSeconds(productiveSeconds: number, units: Map<string, number>): Map<string, number> {
  const ids = [...units.keys()].sort();
  const shares = apportion(
    productiveSeconds,
    ids.map((id) => units.get(id)!),
  );
  return new Map(ids.map((id, i) => [id, shares[i]!]));
}

interface Accumulated {
  totals: Omit<
    TimeFigures,
    'efficiency' | 'productivity' | 'proficiency' | 'billedSeconds' | 'waitingTotalSeconds'
  >;
  units: Map<string, number>;
  jobWaits: Map<string, WaitSeconds>;
}

function accumulate(days: MechanicDay[]): Accumulated {
  const totals = {
    scheduledSeconds: 0,
    presentSeconds: 0,
    absentSeconds: 0,
    breakSeconds: 0,
    availableSeconds: 0,
    productiveSeconds: 0,
    waitingSeconds: zeroWaits(),
    unassignedSeconds: 0,
    idleSeconds: 0,
  };
  const units = new Map<string, number>();
  const jobWaits = new Map<string, WaitSeconds>();
  for (const d of days) {
    const t = d.totals;
    totals.scheduledSeconds += t.scheduledSeconds;
    totals.presentSeconds += t.presentSeconds;
    totals.absentSeconds += t.absentSeconds;
    totals.breakSeconds += t.breakSeconds;
    totals.availableSeconds += t.availableSeconds;
    totals.productiveSeconds += t.productiveSeconds;
    addWaits(totals.waitingSeconds, t.waitingSeconds);
    totals.unassignedSeconds += t.unassignedSeconds;
    totals.idleSeconds += t.idleSeconds;
    for (const [jobId, u] of Object.entries(t.jobProductiveUnits))
      units.set(jobId, (units.get(jobId) ?? 0) + u);
    for (const [jobId, w] of Object.entries(t.jobWaitingSeconds)) {
      let acc = jobWaits.get(jobId);
      if (!acc) jobWaits.set(jobId, (acc = zeroWaits()));
      addWaits(acc, w);
    }
  }
  return { totals, units, jobWaits };
}

function withRatios(a: Accumulated['totals'], billedSeconds: number): TimeFigures {
  return {
    ...a,
    waitingTotalSeconds: sumWaits(a.waitingSeconds),
    billedSeconds,
    efficiency: ratio(billedSeconds, a.productiveSeconds),
    productivity: ratio(a.productiveSeconds, a.availableSeconds),
    proficiency: ratio(billedSeconds, a.availableSeconds),
  };
}

/** jobId → mechanicId → billed seconds, for jobs completed on the given dates. */
function billing(
  derivation: Derivation,
  jobs: JobTrack[],
  inPeriod: (date: LocalDate) => boolean,
): {
  billed: Map<string, Map<string, number>>;
  unbilled: Map<string, number>;
  completedOn: Map<string, LocalDate>;
} {
  // Shares follow all productive time on the job that the derivation holds, not only the period's.
  const lifetime = new Map<string, Map<string, number>>();
  for (const d of derivation.mechanicDays) {
    for (const [jobId, u] of Object.entries(d.totals.jobProductiveUnits)) {
      let perMechanic = lifetime.get(jobId);
      if (!perMechanic) lifetime.set(jobId, (perMechanic = new Map()));
      perMechanic.set(d.mechanicId, (perMechanic.get(d.mechanicId) ?? 0) + u);
    }
  }
  const billed = new Map<string, Map<string, number>>();
  const unbilled = new Map<string, number>();
  const completedOn = new Map<string, LocalDate>();
  const cal = new DayCalendar(derivation.timeZone, derivation.from, derivation.to);
  for (const job of jobs) {
    if (job.completedAt === null) continue;
    const date = cal.dateOf(job.completedAt);
    if (!inPeriod(date)) continue;
    completedOn.set(job.jobId, date);
    const perMechanic = lifetime.get(job.jobId) ?? new Map<string, number>();
    const ids = [...perMechanic.keys()].sort();
    const shares = apportion(
      job.normSeconds,
      ids.map((id) => perMechanic.get(id)!),
    );
    const map = new Map<string, number>();
    ids.forEach((id, i) => map.set(id, shares[i]!));
    billed.set(job.jobId, map);
    if (shares.every((s) => s === 0)) unbilled.set(job.jobId, job.normSeconds);
  }
  return { billed, unbilled, completedOn };
}

export function computeFigures(
  station: StationModel | PreparedStation,
  derivation: Derivation,
  period: Period = { from: derivation.from, to: derivation.to },
  options: FigureOptions = {},
): Figures {
  const ctx = contextOf(station);
  const inPeriod = (date: LocalDate) => date >= period.from && date <= period.to;
  const { billed, unbilled, completedOn } = billing(derivation, derivation.jobs, inPeriod);
  /** mechanicId → jobId → billed seconds. */
  const billedTo = new Map<string, Map<string, number>>();
  for (const [jobId, shares] of billed) {
    for (const [mechanicId, seconds] of shares) {
      let m = billedTo.get(mechanicId);
      if (!m) billedTo.set(mechanicId, (m = new Map()));
      m.set(jobId, seconds);
    }
  }
  const billedOf = (mechanicId: string, jobIds?: Set<string>) => {
    let sum = 0;
    for (const [jobId, s] of billedTo.get(mechanicId) ?? []) if (!jobIds || jobIds.has(jobId)) sum += s;
    return sum;
  };

  const daysByMechanic = new Map<string, MechanicDay[]>();
  for (const d of derivation.mechanicDays) {
    let list = daysByMechanic.get(d.mechanicId);
    if (!list) daysByMechanic.set(d.mechanicId, (list = []));
    list.push(d);
  }

  const productiveByJob = new Map<string, Map<string, number>>();
  const actualByJob = new Map<string, number>();
  const mechanicWaits = new Map<string, WaitSeconds>();
  const mechanics: MechanicFigures[] = [];
  for (const [mechanicId, all] of [...daysByMechanic].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const days = all.filter((d) => inPeriod(d.date));
    const lifetime = accumulate(all);
    for (const [jobId, s] of jobSeconds(lifetime.totals.productiveSeconds, lifetime.units)) {
      actualByJob.set(jobId, (actualByJob.get(jobId) ?? 0) + s);
    }
    if (days.length === 0) continue;
    const acc = accumulate(days);
    const perJob = jobSeconds(acc.totals.productiveSeconds, acc.units);
    for (const [jobId, s] of perJob) {
      let m = productiveByJob.get(jobId);
      if (!m) productiveByJob.set(jobId, (m = new Map()));
      m.set(mechanicId, s);
    }
    for (const [jobId, w] of acc.jobWaits) {
      let into = mechanicWaits.get(jobId);
      if (!into) mechanicWaits.set(jobId, (into = zeroWaits()));
      addWaits(into, w);
    }
    const jobIds = new Set([...perJob.keys(), ...(billedTo.get(mechanicId)?.keys() ?? [])]);
    const figures: MechanicFigures = {
      mechanicId,
      name: ctx.mechanics.get(mechanicId)?.name ?? mechanicId,
      ...withRatios(acc.totals, billedOf(mechanicId)),
      autoClosedSessions: days.reduce(
        (n, d) => n + d.sessions.filter((s) => s.closedBy === 'auto').length,
        0,
      ),
      jobs: [...jobIds].sort().map((jobId) => ({
        jobId,
        productiveSeconds: perJob.get(jobId) ?? 0,
        billedSeconds: billed.get(jobId)?.get(mechanicId) ?? 0,
      })),
    };
    if (options.daily) {
      figures.daily = days.map((d) => {
        const one = accumulate([d]);
        const jobsDone = new Set([...completedOn].filter(([, date]) => date === d.date).map(([id]) => id));
        return { date: d.date, ...withRatios(one.totals, billedOf(mechanicId, jobsDone)) };
      });
    }
    mechanics.push(figures);
  }

  const jobs: JobFigures[] = [];
  for (const track of derivation.jobs) {
    const waitElapsed = zeroWaits();
    for (const [date, w] of Object.entries(track.waitElapsedByDate))
      if (inPeriod(date)) addWaits(waitElapsed, w);
    const byMechanic = productiveByJob.get(track.jobId) ?? new Map<string, number>();
    const productiveSeconds = [...byMechanic.values()].reduce((s, v) => s + v, 0);
    const shares = billed.get(track.jobId);
    const waits = mechanicWaits.get(track.jobId) ?? zeroWaits();
    const completedInPeriod = shares !== undefined;
    if (productiveSeconds === 0 && sumWaits(waits) === 0 && sumWaits(waitElapsed) === 0 && !completedInPeriod)
      continue;
    const model = ctx.jobs.get(track.jobId);
    const actual = actualByJob.get(track.jobId) ?? 0;
    const last = track.history[track.history.length - 1];
    jobs.push({
      jobId: track.jobId,
      orderId: track.orderId,
      orderNumber: ctx.orderNumbers.get(track.orderId) ?? null,
      name: model?.name ?? null,
      normSeconds: track.normSeconds,
      state: last?.state ?? (model?.declined ? 'declined' : 'planned'),
      completedAt: track.completedAt === null ? null : iso(track.completedAt),
      productiveSeconds,
      productiveByMechanic: sortedRecord(byMechanic),
      mechanicWaitingSeconds: waits,
      waitElapsedSeconds: waitElapsed,
      actualSeconds: actual,
      actualMinusNormSeconds: actual - track.normSeconds,
      billedByMechanic: sortedRecord((shares ?? new Map<string, number>()).entries()),
      unbilledSeconds: unbilled.get(track.jobId) ?? 0,
    });
  }

  const lifts: LiftFigures[] = ctx.liftIds.map((liftId) => {
    const days = derivation.liftDays.filter((d) => d.liftId === liftId && inPeriod(d.date));
    const sum = (f: (d: (typeof days)[number]) => number) => days.reduce((s, d) => s + f(d), 0);
    const openSeconds = sum((d) => d.openSeconds);
    const workedSeconds = sum((d) => d.workedSeconds);
    return {
      liftId,
      code: ctx.liftCodes.get(liftId) ?? liftId,
      openSeconds,
      occupiedSeconds: sum((d) => d.occupiedSeconds),
      workedSeconds,
      untrackedSeconds: sum((d) => d.untrackedSeconds),
      utilisation: ratio(workedSeconds, openSeconds),
    };
  });

  const review: ReviewItem[] = derivation.mechanicDays
    .filter((d) => inPeriod(d.date))
    .flatMap((d) => d.sessions)
    .filter((s) => s.closedBy === 'auto' || s.correction !== null)
    .sort((a, b) => a.openedAt - b.openedAt || (a.mechanicId < b.mechanicId ? -1 : 1))
    .map((s) => ({
      mechanicId: s.mechanicId,
      liftId: s.liftId,
      openedAt: iso(s.openedAt),
      closedAt: s.closedAt === null ? null : iso(s.closedAt),
      closedBy: s.closedBy,
      autoRule: s.autoRule,
      correction: s.correction && {
        source: s.correction.source,
        seq: s.correction.seq,
        reason: s.correction.reason,
      },
    }));

  const rejectedTaps = derivation.stationDays
    .filter((d) => inPeriod(d.date))
    .flatMap((d) => d.rejectedTaps)
    .map((r) => ({
      at: iso(r.at),
      source: r.source,
      seq: r.seq,
      uid: r.uid,
      reader: `${r.bridgeId}/${r.readerId}`,
      mechanicId: r.mechanicId,
      reason: r.reason,
    }));

  return {
    timeZone: derivation.timeZone,
    from: period.from,
    to: period.to,
    mechanics,
    jobs,
    lifts,
    review,
    rejectedTaps,
  };
}

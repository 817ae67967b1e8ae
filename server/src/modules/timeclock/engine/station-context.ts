import { instantOfLocal, parseLocalTime, weekdayOf } from './tz.ts';
import {
  DEFAULT_RULES,
  ENTRANCE,
  type DatedWindows,
  type Instant,
  type JobModel,
  type LabourRules,
  type LocalDate,
  type MechanicModel,
  type SensorKind,
  type StationModel,
  type WeeklyWindow,
} from './types.ts';

/** A window of one local day as instants. */
export interface DayWindow {
  start: Instant;
  end: Instant;
}

interface Ranged {
  validFrom?: Instant;
  validTo?: Instant;
}

function validAt(r: Ranged, at: Instant): boolean {
  return (r.validFrom === undefined || at >= r.validFrom) && (r.validTo === undefined || at < r.validTo);
}

/** The station model indexed for the engine: badge, reader and sensor look-ups, windows per day. */
export class StationContext {
  readonly rules: LabourRules;
  readonly timeZone: string;
  readonly mechanics = new Map<string, MechanicModel>();
  readonly mechanicIds: string[];
  readonly liftIds: string[];
  readonly liftCodes = new Map<string, string>();
  readonly jobs = new Map<string, JobModel>();
  /** orderId → its jobs, in the model's order. */
  readonly orderJobs = new Map<string, JobModel[]>();
  readonly orderNumbers = new Map<string, string | undefined>();
  private readonly badges = new Map<string, { mechanicId: string; range: Ranged }[]>();
  private readonly readers = new Map<string, { target: string; range: Ranged }[]>();
  private readonly sensors = new Map<string, { liftId: string; kind: SensorKind; range: Ranged }[]>();
  private readonly shiftCache = new Map<string, DayWindow[]>();
  private readonly openingCache = new Map<LocalDate, DayWindow[]>();

  constructor(readonly model: StationModel) {
    this.timeZone = model.timeZone;
    this.rules = { ...DEFAULT_RULES, ...model.rules };
    for (const m of model.mechanics) {
      this.mechanics.set(m.id, m);
      for (const b of m.badges) push(this.badges, b.uid, { mechanicId: m.id, range: b });
    }
    this.mechanicIds = [...this.mechanics.keys()].sort();
    this.liftIds = model.lifts.map((l) => l.id).sort();
    for (const l of model.lifts) this.liftCodes.set(l.id, l.code);
    for (const r of model.readers)
      push(this.readers, `${r.bridgeId}/${r.readerId}`, { target: r.target, range: r });
    for (const s of model.sensors) {
      push(this.sensors, `${s.bridgeId}/${s.sensorId}`, { liftId: s.liftId, kind: s.kind, range: s });
    }
    for (const o of model.orders) {
      this.orderNumbers.set(o.id, o.number);
      const jobs = o.jobs.map((j) => ({ ...j, orderId: o.id }));
      this.orderJobs.set(o.id, jobs);
      for (const j of jobs) this.jobs.set(j.id, j);
    }
  }

  mechanicOfBadge(uid: string, at: Instant): string | null {
    return this.badges.get(uid)?.find((b) => validAt(b.range, at))?.mechanicId ?? null;
  }

  /** A lift id, ENTRANCE, or null when the reader has no binding at that time. */
  readerTarget(bridgeId: string, readerId: string, at: Instant): string | null {
    return this.readers.get(`${bridgeId}/${readerId}`)?.find((r) => validAt(r.range, at))?.target ?? null;
  }

  sensorBinding(
    bridgeId: string,
    sensorId: string,
    at: Instant,
  ): { liftId: string; kind: SensorKind } | null {
    const s = this.sensors.get(`${bridgeId}/${sensorId}`)?.find((b) => validAt(b.range, at));
    return s ? { liftId: s.liftId, kind: s.kind } : null;
  }

  isLift(target: string | null): target is string {
    return target !== null && target !== ENTRANCE && this.liftCodes.has(target);
  }

  shiftWindows(mechanicId: string, date: LocalDate): DayWindow[] {
    const key = `${mechanicId} ${date}`;
    let windows = this.shiftCache.get(key);
    if (!windows) {
      const m = this.mechanics.get(mechanicId);
      windows = m ? this.windowsOn(date, m.shifts, m.shiftOverrides) : [];
      this.shiftCache.set(key, windows);
    }
    return windows;
  }

  openingWindows(date: LocalDate): DayWindow[] {
    let windows = this.openingCache.get(date);
    if (!windows) {
      windows = this.windowsOn(date, this.model.openingHours, this.model.openingOverrides);
      this.openingCache.set(date, windows);
    }
    return windows;
  }

  private windowsOn(
    date: LocalDate,
    weekly: WeeklyWindow[],
    overrides: DatedWindows[] | undefined,
  ): DayWindow[] {
    const override = overrides?.find((o) => o.date === date);
    const weekday = weekdayOf(date);
    const local = override ? override.windows : weekly.filter((w) => w.weekday === weekday);
    return local
      .map((w) => ({
        start: instantOfLocal(date, parseLocalTime(w.start), this.timeZone),
        end: instantOfLocal(date, parseLocalTime(w.end), this.timeZone),
      }))
      .filter((w) => w.end > w.start)
      .sort((a, b) => a.start - b.start);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

import type { Sequelize } from 'sequelize';
import type { Clock } from '../../../platform/clock.ts';
import type { Logger } from '../../../platform/logger.ts';
import {
  compareEvents,
  eventKey,
  localDateOf,
  prepareStation,
  type Derivation,
  type LabourEvent,
  type LiveState,
  type LocalDate,
  type PreparedStation,
  type StationModel,
} from '../engine/index.ts';
import { readLabourRows, toLabourEvent, type StoredLabourRow } from '../log/labour-log.ts';
import { loadStationModel, type StationFacts } from '../model/load-station-model.ts';
import { LogCursor } from './log-cursor.ts';
import { DayLedger, firstAffectedDate, isCorrection, type LedgerLog, type LiveRead } from './day-ledger.ts';

/**
 * The labour state of the station, in memory, rebuilt from the log at start. Derivations are bounded
 * (day-ledger.ts): past days are derived once, one day at a time from the world the day before ended
 * with, and kept until an event (new, late or replayed) or a change of the station model can change
 * them; the live floor derives only today. The result is the same as a derivation of the whole sorted
 * log (the engine sorts by corrected time, source, seq; tests/unit/timeclock/bounded.test.ts).
 */

/** The live state is reused for this long when nothing changed (every socket connect asks for it). */
const LIVE_REUSE_MS = 1000;

export interface LabourSnapshot {
  version: number;
  facts: StationFacts;
  station: PreparedStation;
  events: readonly LabourEvent[];
}

/** What kept days depend on in the model, besides orders and jobs. */
function stationKey(model: StationModel): string {
  return JSON.stringify({
    timeZone: model.timeZone,
    openingHours: model.openingHours,
    openingOverrides: model.openingOverrides ?? null,
    rules: model.rules ?? null,
    mechanics: model.mechanics.map((m) => ({
      id: m.id,
      badges: m.badges,
      shifts: m.shifts,
      overrides: m.shiftOverrides ?? null,
    })),
    lifts: model.lifts,
    readers: model.readers,
    sensors: model.sensors,
  });
}

/** orderId → its jobs as the engine sees them (what a change of an order can change). */
function orderKeys(model: StationModel): Map<string, string> {
  return new Map(
    model.orders.map((o) => [
      o.id,
      JSON.stringify(
        o.jobs.map((j) => [j.id, j.normSeconds, j.declined ?? false, [...(j.assignees ?? [])].sort()]),
      ),
    ]),
  );
}

/** Two sorted logs as one (the first array is reused when the second only appends to it). */
function mergeOrdered(log: LabourEvent[], fresh: readonly LabourEvent[]): LabourEvent[] {
  if (fresh.length === 0) return log;
  const last = log[log.length - 1];
  if (!last || compareEvents(last, fresh[0]!) <= 0) {
    for (const e of fresh) log.push(e);
    return log;
  }
  const out: LabourEvent[] = new Array<LabourEvent>(log.length + fresh.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < log.length && j < fresh.length)
    out[k++] = compareEvents(log[i]!, fresh[j]!) <= 0 ? log[i++]! : fresh[j++]!;
  while (i < log.length) out[k++] = log[i++]!;
  while (j < fresh.length) out[k++] = fresh[j++]!;
  return out;
}

export class LabourService {
  private readonly cursor = new LogCursor();
  /** eventKey of every event taken (from the log, or from a bridge before its copy is read back). */
  private readonly keys = new Set<string>();
  private events: LabourEvent[] = [];
  private corrections: LabourEvent[] = [];
  /** orderId / jobId → the first day an event spoke of it. */
  private readonly firstMention = new Map<string, LocalDate>();
  private version = 0;
  private modelVersion = -1;
  private modelDirty = true;
  private facts: StationFacts | null = null;
  private station: PreparedStation | null = null;
  private modelKeys: { station: string; orders: Map<string, string> } | null = null;
  private ledger: DayLedger | null = null;
  /** The earliest day the rows read since the last derivation can change. */
  private pendingFrom: LocalDate | null = null;
  private syncing: Promise<StoredLabourRow[]> = Promise.resolve([]);
  private live: { version: number; at: number; read: LiveRead; snap: LabourSnapshot } | null = null;

  constructor(
    private readonly deps: { sequelize: Sequelize; clock: Clock; logger: Logger; timeZone: string },
  ) {}

  get timeZone(): string {
    return this.deps.timeZone;
  }

  /** Staff, badges, bindings, lifts or orders changed: the model is read again before the next derivation. */
  modelChanged(): void {
    this.modelDirty = true;
    this.version += 1;
  }

  /** Reads rows appended since the last read; resolves with the new ones (serialised). */
  sync(): Promise<StoredLabourRow[]> {
    const next = this.syncing.then(
      () => this.readNew(),
      () => this.readNew(),
    );
    this.syncing = next.catch(() => []);
    return next;
  }

  private async readNew(): Promise<StoredLabourRow[]> {
    const now = Date.now();
    const rows = await readLabourRows(this.deps.sequelize, this.cursor.after, this.cursor.missing(now));
    this.cursor.took(
      rows.map((r) => r.id),
      now,
    );
    const fresh = rows.filter((r) => this.take(toLabourEvent(r)));
    if (fresh.length) this.taken();
    return fresh;
  }

  /**
   * Takes events that are committed in the station's database but not read back from the log yet (bridge
   * events just stored by the ingest): the floor moves without waiting for their copy into the log.
   */
  accept(events: readonly LabourEvent[]): void {
    let n = 0;
    for (const e of events) if (this.take(e)) n += 1;
    if (n) this.taken();
  }

  /** The log rows `ids` hold events already taken by accept(): later reads need not ask for them. */
  copied(ids: readonly number[]): void {
    this.cursor.took(ids, Date.now());
  }

  /** Adds one event unless taken before (to `incoming` until taken() merges them); false when it was. */
  private take(event: LabourEvent): boolean {
    const key = eventKey(event);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.incoming.push(event);
    if (isCorrection(event)) this.corrections.push(event);
    const date = firstAffectedDate(event, this.deps.timeZone);
    if (this.pendingFrom === null || date < this.pendingFrom) this.pendingFrom = date;
    const payload = event as { orderId?: string; jobId?: string };
    for (const id of [payload.orderId, payload.jobId]) {
      if (!id) continue;
      const was = this.firstMention.get(id);
      if (was === undefined || date < was) this.firstMention.set(id, date);
    }
    if (this.facts && payload.orderId && !this.facts.orders.has(payload.orderId)) this.modelDirty = true;
    if (this.facts && payload.jobId && !this.facts.jobs.has(payload.jobId)) this.modelDirty = true;
    return true;
  }

  private incoming: LabourEvent[] = [];

  /** Merges the events taken into the ordered log (mostly an append; late ones merge in, in one pass). */
  private taken(): void {
    this.events = mergeOrdered(this.events, this.incoming.sort(compareEvents));
    this.incoming = [];
    this.version += 1;
  }

  /** The model, the station and the ordered log of one version; kept days stale since are dropped. */
  async snapshot(): Promise<LabourSnapshot> {
    // Loads run one after another: two overlapping loads could otherwise finish out of order and leave
    // the older model in place, marked fresh.
    const load = this.modelLoading.catch(() => undefined).then(() => this.loadModelIfDirty());
    this.modelLoading = load;
    await load;
    if (this.pendingFrom !== null) {
      this.ledger?.invalidateFrom(this.pendingFrom);
      this.pendingFrom = null;
    }
    return { version: this.version, facts: this.facts!, station: this.station!, events: this.events };
  }

  private modelLoading: Promise<void> = Promise.resolve();

  private async loadModelIfDirty(): Promise<void> {
    if (!this.modelDirty && this.facts && this.station) return;
    this.modelDirty = false;
    try {
      const facts = await loadStationModel(this.deps.sequelize, this.deps.timeZone);
      this.facts = facts;
      this.station = prepareStation(facts.model);
      this.modelVersion = this.version;
      this.modelReloaded(facts.model, this.station);
    } catch (err) {
      this.modelDirty = true;
      throw err;
    }
  }

  /** Keeps the days the model change cannot reach; a change of orders drops the days from their first mention. */
  private modelReloaded(model: StationModel, station: PreparedStation): void {
    const keys = { station: stationKey(model), orders: orderKeys(model) };
    const was = this.modelKeys;
    this.modelKeys = keys;
    if (!this.ledger || !was || was.station !== keys.station) {
      this.ledger = new DayLedger(station);
      return;
    }
    this.ledger.setStation(station);
    let from: LocalDate | null = null;
    const changed = new Set<string>();
    for (const [id, key] of keys.orders) if (was.orders.get(id) !== key) changed.add(id);
    for (const id of was.orders.keys()) if (!keys.orders.has(id)) changed.add(id);
    const mention = (id: string) => {
      const d = this.firstMention.get(id);
      if (d !== undefined && (from === null || d < from)) from = d;
    };
    for (const orderId of changed) {
      mention(orderId);
      for (const job of model.orders.find((o) => o.id === orderId)?.jobs ?? []) mention(job.id);
      for (const [jobId] of JSON.parse(was.orders.get(orderId) ?? '[]') as [string][]) mention(jobId);
    }
    if (from !== null) this.ledger.invalidateFrom(from);
  }

  private log(): LedgerLog {
    return { events: this.events, corrections: this.corrections };
  }

  /** The floor now and today's derivation (cached for a second while nothing changes). */
  private async liveRead(): Promise<{ read: LiveRead; snap: LabourSnapshot }> {
    const snap = await this.snapshot();
    const now = this.deps.clock.now().getTime();
    if (!this.live || this.live.version !== snap.version || now - this.live.at > LIVE_REUSE_MS) {
      this.live = { version: snap.version, at: now, read: this.ledger!.live(this.log(), now), snap };
    }
    return { read: this.live.read, snap };
  }

  /** The floor now (cached for a second while nothing changes). */
  async liveNow(): Promise<{ state: LiveState; snap: LabourSnapshot }> {
    const { read, snap } = await this.liveRead();
    return { state: read.state, snap };
  }

  /**
   * What the figures of the local days from..to need (live up to now when `to` is today or later): the
   * period's days and, from before it, the productive mechanic-days and job tracks (DayLedger.period).
   */
  async derivation(
    from: LocalDate,
    to: LocalDate,
  ): Promise<{ derivation: Derivation; snap: LabourSnapshot }> {
    const snap = await this.snapshot();
    const now = this.deps.clock.now().getTime();
    return { derivation: this.ledger!.period(this.log(), from, to, now), snap };
  }

  /** The version of the log and model now (grows with every event taken and model change). */
  get currentVersion(): number {
    return this.version;
  }

  /**
   * The last live derivation if it was made at `version` or later (it holds every event taken by then),
   * without deriving again: the taps' answers reuse the derivation the last floor push was built from.
   */
  derivedSince(version: number): { derivation: Derivation; snap: LabourSnapshot } | null {
    const live = this.live;
    return live && live.version >= version ? { derivation: live.read.derivation, snap: live.snap } : null;
  }

  /** Today's derivation up to now: the taps' outcomes. */
  async today(): Promise<{ derivation: Derivation; snap: LabourSnapshot }> {
    const { read, snap } = await this.liveRead();
    return { derivation: read.derivation, snap };
  }

  /** The station-local date now. */
  todayDate(): LocalDate {
    return localDateOf(this.deps.clock.now().getTime(), this.deps.timeZone);
  }

  /** The first day of the log (today when it is empty). */
  firstDate(): LocalDate {
    const first = this.events[0];
    const today = this.todayDate();
    if (!first) return today;
    const d = localDateOf(first.at, this.deps.timeZone);
    return d < today ? d : today;
  }

  stats() {
    return {
      events: this.events.length,
      version: this.version,
      modelVersion: this.modelVersion,
      keptDays: this.ledger?.keptDays() ?? 0,
      derivedDays: this.ledger?.derivedDays ?? 0,
    };
  }
}

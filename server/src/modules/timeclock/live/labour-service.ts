import type { Sequelize } from 'sequelize';
import type { Clock } from '../../../platform/clock.ts';
import type { Logger } from '../../../platform/logger.ts';
import {
  addDays,
  derive,
  localDateOf,
  liveState,
  orderEvents,
  prepareStation,
  type Derivation,
  type LabourEvent,
  type LiveState,
  type LocalDate,
  type PreparedStation,
} from '../engine/index.ts';
import { readLabourRows, toLabourEvent, type StoredLabourRow } from '../log/labour-log.ts';
import { loadStationModel, type StationFacts } from '../model/load-station-model.ts';

/**
 * The labour state of the station, in memory, rebuilt from the log at start. Every change (a new row
 * in labour_events, or a change of the station model: staff, badges, bindings, orders) bumps the
 * version; derivations are cached per version and recomputed from the whole sorted log on the next
 * read, so a late or replayed event re-derives every day it touches and the result is the same as if
 * the events had arrived in order (the engine sorts by corrected time, source, seq).
 */

/** Rows committed out of id order (concurrent transactions) are picked up by reading a bit behind. */
const READ_BEHIND = 1000;
/** The live state is reused for this long when nothing changed (every socket connect asks for it). */
const LIVE_REUSE_MS = 1000;

export interface LabourSnapshot {
  version: number;
  facts: StationFacts;
  station: PreparedStation;
  events: readonly LabourEvent[];
}

export class LabourService {
  private readonly rows = new Map<number, StoredLabourRow>();
  private events: LabourEvent[] = [];
  private lastId = 0;
  private version = 0;
  private modelVersion = -1;
  private modelDirty = true;
  private facts: StationFacts | null = null;
  private station: PreparedStation | null = null;
  private syncing: Promise<StoredLabourRow[]> = Promise.resolve([]);
  private live: { version: number; at: number; state: LiveState } | null = null;
  private readonly derivations = new Map<string, Derivation>();

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
    const fresh = (await readLabourRows(this.deps.sequelize, Math.max(0, this.lastId - READ_BEHIND))).filter(
      (r) => !this.rows.has(r.id),
    );
    if (fresh.length === 0) return [];
    for (const r of fresh) {
      this.rows.set(r.id, r);
      if (r.id > this.lastId) this.lastId = r.id;
      this.events.push(toLabourEvent(r));
      const payload = r.payload as { orderId?: string; jobId?: string };
      if (this.facts && payload.orderId && !this.facts.orders.has(payload.orderId)) this.modelDirty = true;
      if (this.facts && payload.jobId && !this.facts.jobs.has(payload.jobId)) this.modelDirty = true;
    }
    this.events = orderEvents(this.events);
    this.version += 1;
    return fresh;
  }

  /** The model, the station and the ordered log of one version. */
  async snapshot(): Promise<LabourSnapshot> {
    if (this.modelDirty || !this.facts || !this.station) {
      this.modelDirty = false;
      const facts = await loadStationModel(this.deps.sequelize, this.deps.timeZone);
      this.facts = facts;
      this.station = prepareStation(facts.model);
      this.modelVersion = this.version;
    }
    return { version: this.version, facts: this.facts, station: this.station, events: this.events };
  }

  /** The floor now (cached for a second while nothing changes). */
  async liveNow(): Promise<{ state: LiveState; snap: LabourSnapshot }> {
    const snap = await this.snapshot();
    const now = this.deps.clock.now().getTime();
    if (!this.live || this.live.version !== snap.version || now - this.live.at > LIVE_REUSE_MS) {
      const events = snap.events.filter((e) => e.at <= now);
      this.live = { version: snap.version, at: now, state: liveState(snap.station, events, now) };
    }
    return { state: this.live.state, snap };
  }

  /**
   * The derivation from the first event to the local day `to` (live up to now when `to` is today or
   * later), cached per version.
   */
  async derivation(
    from: LocalDate,
    to: LocalDate,
  ): Promise<{ derivation: Derivation; snap: LabourSnapshot }> {
    const snap = await this.snapshot();
    const now = this.deps.clock.now().getTime();
    const today = localDateOf(now, this.deps.timeZone);
    const first = snap.events.length ? localDateOf(snap.events[0]!.at, this.deps.timeZone) : from;
    const start = first < from ? first : from;
    const live = to >= today;
    const end = live ? today : to;
    const key = `${snap.version}|${start}|${end}|${live ? Math.floor(now / LIVE_REUSE_MS) : ''}`;
    let derivation = this.derivations.get(key);
    if (!derivation) {
      if (this.derivations.size > 16) this.derivations.clear();
      derivation = derive(snap.station, live ? snap.events.filter((e) => e.at <= now) : snap.events, {
        from: start,
        to: end < start ? start : end,
        until: live ? now : undefined,
      });
      this.derivations.set(key, derivation);
    }
    return { derivation, snap };
  }

  /** Today's derivation up to now: the taps' outcomes. */
  async today(): Promise<{ derivation: Derivation; snap: LabourSnapshot }> {
    const today = localDateOf(this.deps.clock.now().getTime(), this.deps.timeZone);
    return this.derivation(addDays(today, 0), today);
  }

  /** The station-local date now. */
  todayDate(): LocalDate {
    return localDateOf(this.deps.clock.now().getTime(), this.deps.timeZone);
  }

  stats() {
    return { events: this.events.length, version: this.version, modelVersion: this.modelVersion };
  }
}

import { QueryTypes } from 'sequelize';
import type { TapOutcomeDto } from '../../contracts/labour.ts';
import type { AppDeps } from '../../deps.ts';
import { SYSTEM_ACTOR } from '../../platform/context.ts';
import type { DomainEvent } from '../../platform/events.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { resumeJob } from '../workshop/commands/job-actions.ts';
import type { StoredEvent } from '../iot/ingest/event-store.ts';
import type { TapOutcome, TapOutcomeResolver } from '../iot/ingest/tap-feedback.ts';
import { bridgeLabourEvent } from './log/bridge-event.ts';
import { copyShopfloorEvents, backfillWorkshopFacts } from './log/copy-shopfloor.ts';
import { appendLabourRows } from './log/labour-log.ts';
import { sourceOf } from './log/labour-row.ts';
import { translateDomainEvent } from './log/translate-domain.ts';
import { FloorPublisher, type FloorSink } from './live/floor-publisher.ts';
import { LiveFloor } from './live/floor-query.ts';
import type { SnapshotRegistry } from '../../realtime/snapshots.ts';
import { LabourService } from './live/labour-service.ts';
import { localDateOf } from './engine/index.ts';
import { tapOutcome } from './live/tap-outcomes.ts';

/**
 * The timeclock module's running parts: the labour log writers (domain events before commit, bridge
 * events after the ingest's commit), the in-memory labour state, the floor pushes and the tap answers.
 */
export class Timeclock {
  readonly service: LabourService;
  readonly publisher: FloorPublisher;
  readonly floor: LiveFloor;
  private sink: FloorSink | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: AppDeps) {
    this.service = new LabourService({
      sequelize: deps.sequelize,
      clock: deps.clock,
      logger: deps.logger,
      timeZone: deps.config.station.timezone,
    });
    this.floor = new LiveFloor(this.service, deps.sequelize);
    this.publisher = new FloorPublisher(
      () => this.floor.state(),
      () => this.sink,
      deps.logger,
    );
    deps.bus.beforeCommit(async (cx, events) => {
      const rows = events.flatMap((e) => translateDomainEvent(e, sourceOf(cx.actor)));
      await appendLabourRows(cx.sequelize, rows, cx.actor, cx.tx);
    });
    this.unsubscribe = deps.bus.subscribe((event) => this.onCommitted(event));
  }

  /** Catches up the log (bridge events and table facts recorded without this module) and loads it. */
  async start(): Promise<void> {
    await backfillWorkshopFacts(this.deps.sequelize);
    await copyShopfloorEvents(this.deps.sequelize);
    await this.service.sync();
  }

  /** Pushes go to `realtime`; the board and lift snapshots carry `floor`. */
  attachRealtime(realtime: FloorSink & { snapshots: SnapshotRegistry }): void {
    this.sink = realtime;
    realtime.snapshots.extend('board', async () => ({
      floor: await this.floor.state(),
    }));
    realtime.snapshots.extend('lift', async (room) => ({
      floor: await this.floor.lift(room.slice('lift:'.length)),
    }));
  }

  close(): void {
    if (this.copyRetry) clearTimeout(this.copyRetry);
    this.copyRetry = null;
    this.unsubscribe?.();
    this.publisher.close();
  }

  /** After a command: read what it appended and push the floor. */
  async changed(): Promise<void> {
    await this.service.sync();
    this.publisher.schedule();
  }

  /**
   * The ingest's first listener: stored bridge events move the floor at once, taken as the labour log
   * will hold them (the copy into the log follows in copyBridgeEvents, off the way to the board).
   */
  readonly takeBridgeEvents = async (events: StoredEvent[]): Promise<void> => {
    this.service.accept(events.map(bridgeLabourEvent));
    this.publisher.schedule();
  };

  /** The ingest's last listener: stored bridge events → the labour log, retried while the database is away. */
  readonly copyBridgeEvents = async (events: StoredEvent[]): Promise<void> => {
    // Events whose copy failed before (the database went away after the ingest's commit) go again.
    const ids = [...this.copyBacklog, ...events.map((e) => e.id)];
    if (ids.length === 0) return;
    try {
      this.service.copied(await copyShopfloorEvents(this.deps.sequelize, ids));
    } catch (err) {
      for (const id of ids) this.copyBacklog.add(id);
      this.deps.logger.warn(
        { err, backlog: this.copyBacklog.size },
        'copying bridge events into the labour log failed; retrying',
      );
      this.retryCopySoon();
      return;
    }
    this.copyBacklog.clear();
    this.copyRetryMs = 1_000;
  };

  private readonly copyBacklog = new Set<string>();
  private copyRetry: NodeJS.Timeout | null = null;
  private copyRetryMs = 1_000;

  private retryCopySoon(): void {
    if (this.copyRetry) return;
    this.copyRetry = setTimeout(() => {
      this.copyRetry = null;
      void this.copyBridgeEvents([]).catch(() => undefined);
    }, this.copyRetryMs);
    this.copyRetry.unref();
    this.copyRetryMs = Math.min(this.copyRetryMs * 2, 30_000);
  }

  /** Answers taps for the reader's feedback and tells the lift's room. */
  readonly resolveTaps: TapOutcomeResolver = async (taps) => {
    // A tap replayed from an earlier day is answered from a derivation that reaches back to it.
    const today = this.service.todayDate();
    const earliest = taps.reduce<string>((d, tap) => {
      const date = localDateOf(tap.correctedAt.getTime(), this.service.timeZone);
      return date < d ? date : d;
    }, today);
    const { derivation, snap } =
      earliest < today ? await this.service.derivation(earliest, today) : await this.derivedWithTaps();
    const out = new Map<string, TapOutcome>();
    for (const tap of taps) {
      const o = tapOutcome(
        { bridgeId: tap.bridgeId, eventId: tap.eventId, readerId: tap.deviceId, at: tap.correctedAt },
        derivation,
        snap.station,
        (id) => snap.facts.staff.get(id)?.name ?? id,
      );
      out.set(tap.id, { outcome: o.ok ? 'accepted' : 'rejected', text: o.text });
      const { text: _text, ...dto } = o;
      if (dto.liftId)
        this.sink?.publish(`lift:${dto.liftId}`, { type: 'tap', tap: dto satisfies TapOutcomeDto });
    }
    return out;
  };

  /**
   * Today's derivation holding every event taken so far. The floor push takeBridgeEvents scheduled
   * derives it anyway: the answers wait for that push instead of deriving the day once more (under a
   * stream of taps, one derivation then serves the board, the kiosks and the readers).
   */
  private async derivedWithTaps() {
    const need = this.service.currentVersion;
    for (let i = 0; i < 3; i++) {
      const ready = this.service.derivedSince(need);
      if (ready) return ready;
      if (!this.publisher.active) break;
      await this.publisher.pushDone();
    }
    return this.service.today();
  }

  private async onCommitted(event: DomainEvent): Promise<void> {
    // Staff, badges, bindings, lifts, shifts, orders and their lines feed the engine's model; a log row
    // naming an order or job the model lacks reloads it too (LabourService.readNew).
    const modelChanged = MODEL_EVENTS.has(event.type);
    if (modelChanged) this.service.modelChanged();
    const bridgesChanged = BRIDGE_EVENTS.has(event.type);
    if (bridgesChanged) this.floor.bridgesChanged();
    if (event.type === 'parts.issued') await this.resumeWaiting(String(event.lineId), 'parts');
    // Only events that wrote labour rows (beforeCommit) or changed the model move the floor; stored
    // bridge events were handled by takeBridgeEvents, and the rest of the station's events are not ours.
    if (modelChanged || translateDomainEvent(event, 'system').length > 0) await this.changed();
    else if (bridgesChanged) this.publisher.schedule();
  }

  /**
   * Issued parts end the job's parts wait on the floor (the engine closes it with parts.issued); the
   * workshop's job follows, so the kiosk's next action starts from the same state.
   */
  private async resumeWaiting(jobId: string, reason: string): Promise<void> {
    try {
      await inTransaction(this.deps, SYSTEM_ACTOR, async (cx) => {
        const [job] = await cx.sequelize.query<{ state: string; wait_reason: string | null }>(
          `SELECT state, wait_reason FROM order_jobs WHERE id = :jobId`,
          { type: QueryTypes.SELECT, replacements: { jobId }, transaction: cx.tx },
        );
        if (job?.state === 'waiting' && job.wait_reason === reason) await resumeJob(cx, { lineId: jobId });
      });
    } catch (err) {
      this.deps.logger.warn({ err, jobId }, 'could not resume the job after its wait ended');
    }
  }
}

/** Domain events that change what loadStationModel reads (staff, badges, shifts, lifts, bindings, orders). */
const MODEL_EVENTS = new Set([
  'staff.changed',
  'mechanic.shifts_changed',
  'lift.changed',
  'bridge.changed',
  'bridge.bindings_changed',
  'order.created',
  'order.updated',
  'order.status_changed',
  'order.lines_changed',
  'approval.decided',
  'vehicle.transferred',
  'customer.merged',
]);

/** Domain events that change which lifts' bridges are offline. */
const BRIDGE_EVENTS = new Set([
  'bridge.availability',
  'bridge.changed',
  'bridge.bindings_changed',
  'lift.changed',
]);

const instances = new WeakMap<AppDeps, Timeclock>();

/** The station's timeclock (one per deps; created on first use). */
export function timeclockOf(deps: AppDeps): Timeclock {
  let t = instances.get(deps);
  if (!t) instances.set(deps, (t = new Timeclock(deps)));
  return t;
}

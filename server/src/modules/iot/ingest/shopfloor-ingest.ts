import pg from 'pg';
import type { Sequelize } from 'sequelize';
import type { Clock } from '../../../platform/clock.ts';
import type { EventBus } from '../../../platform/events.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { BridgeStatus } from '../../../contracts/mqtt-payloads.ts';
import { classifyMessage, type IncomingEvent, type RejectedMessage } from '../rules/classify-message.ts';
import { GroupCommitter } from './group-commit.ts';
import { insertEvents, insertRejected, touchBridges, type StoredEvent } from './event-store.ts';
import { BridgeAvailability } from './bridge-availability.ts';

/** The bridges' last-seen times are written at most this often. */
const TOUCH_GAP_MS = 1_000;

type Work = { kind: 'event'; event: IncomingEvent } | { kind: 'rejected'; rejected: RejectedMessage };

/** Called, in commit order, with the events a flush stored for the first time. */
export type StoredEventsListener = (events: StoredEvent[]) => Promise<void>;

export interface IngestStats {
  stored: number;
  duplicates: number;
  rejected: number;
  batches: number;
  /** Items (events and rejected payloads) in the smallest and the largest group commit. */
  smallestBatch: number;
  largestBatch: number;
  /** Time spent in flush transactions, for the benchmark. */
  flushMs: number;
  /** Calls to the stored-events listeners (commits handed down together count once). */
  listenerCalls: number;
  /** Time the listeners took, for the benchmark. */
  listenerMs: number;
}

/**
 * The MQTT ingest: every bridge publish is classified; events and rejected payloads are written in
 * group commits and the publish is acknowledged (its promise resolves) only after its commit.
 * Stored events then go, in order, to the listeners (the labour engine, tap feedback, the board).
 */
export class ShopfloorIngest {
  private readonly committer: GroupCommitter<Work, void>;
  private readonly listeners: StoredEventsListener[] = [];
  /** Committed batches the listeners have not taken yet, in commit order. */
  private waiting: StoredEvent[][] = [];
  private draining: Promise<void> | null = null;
  /** Bridges seen in committed batches and not yet marked (see touch). */
  private unseen = new Map<string, { lastSeen: Date; lastEvent: Date | null }>();
  private touching: Promise<void> | null = null;
  private touchTimer: NodeJS.Timeout | null = null;
  private lastTouch = 0;
  readonly availability: BridgeAvailability;
  readonly stats: IngestStats = {
    stored: 0,
    duplicates: 0,
    rejected: 0,
    batches: 0,
    smallestBatch: 0,
    largestBatch: 0,
    flushMs: 0,
    listenerCalls: 0,
    listenerMs: 0,
  };

  private readonly pool: pg.Pool;

  constructor(
    private readonly deps: {
      sequelize: Sequelize;
      databaseUrl: string;
      bus: EventBus;
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.pool = new pg.Pool({
      connectionString: deps.databaseUrl,
      max: 3,
      application_name: 'pitwall-ingest',
    });
    this.pool.on('error', (err) => deps.logger.warn({ err }, 'ingest database connection lost'));
    this.committer = new GroupCommitter((items) => this.flush(items), 2000, 2);
    this.availability = new BridgeAvailability(deps);
  }

  onStored(listener: StoredEventsListener): void {
    this.listeners.push(listener);
  }

  /** The broker's publish handler: resolves once the message is durable (or needs no storage). */
  async handle(bridgeId: string, topic: string, payload: Buffer): Promise<void> {
    const message = classifyMessage(bridgeId, topic, payload, this.deps.clock.now());
    switch (message.type) {
      case 'event':
        return this.committer.submit({ kind: 'event', event: message.event });
      case 'rejected':
        this.deps.logger.warn(
          { bridgeId, topic, reason: message.rejected.reason },
          'bridge payload rejected',
        );
        return this.committer.submit({ kind: 'rejected', rejected: message.rejected });
      case 'status':
        return this.availability.reported(bridgeId, message.status as BridgeStatus);
      case 'response':
        this.deps.logger.debug(
          { bridgeId, name: message.name, response: message.response },
          'bridge response',
        );
        return;
    }
  }

  /** Messages waiting for or in a commit, and committed events the listeners have not taken yet. */
  backlog(): number {
    return this.committer.pending() + this.waiting.reduce((n, batch) => n + batch.length, 0);
  }

  /** Waits until everything queued is committed and handed to the listeners. */
  async close(): Promise<void> {
    await this.committer.close();
    await this.settled();
    this.flushTouchesNow();
    while (this.touching) {
      await this.touching;
      this.flushTouchesNow();
    }
    await this.pool.end();
  }

  /** Resolves when the listeners have processed everything committed so far (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async flush(items: Work[]): Promise<void[]> {
    const events = items.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
    const rejected = items.flatMap((i) => (i.kind === 'rejected' ? [i.rejected] : []));
    const seen = new Map<string, { lastSeen: Date; lastEvent: Date | null }>();
    for (const e of events) {
      const s = seen.get(e.bridgeId);
      if (!s || s.lastSeen < e.receivedAt) seen.set(e.bridgeId, { lastSeen: e.receivedAt, lastEvent: e.at });
    }
    for (const r of rejected)
      if (!seen.has(r.bridgeId)) seen.set(r.bridgeId, { lastSeen: r.receivedAt, lastEvent: null });
    const started = performance.now();
    const stored = await this.withClient(async (db) => {
      // One statement is its own transaction: the usual batch (events only) needs one round trip.
      if (rejected.length === 0) return insertEvents(db, events);
      await db.query('BEGIN');
      try {
        const fresh = await insertEvents(db, events);
        await insertRejected(db, rejected);
        await db.query('COMMIT');
        return fresh;
      } catch (err) {
        await db.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    this.stats.flushMs += performance.now() - started;
    this.stats.batches += 1;
    if (this.stats.batches === 1 || items.length < this.stats.smallestBatch)
      this.stats.smallestBatch = items.length;
    if (items.length > this.stats.largestBatch) this.stats.largestBatch = items.length;
    this.stats.stored += stored.length;
    this.stats.duplicates += events.length - stored.length;
    this.stats.rejected += rejected.length;
    this.touch(seen);
    if (stored.length) this.handDown(stored);
    return items.map(() => undefined);
  }

  /**
   * Runs `work` on a pooled client. A checked-out client that loses its server between queries emits
   * 'error' with no listener of the pool's: without this one a PostgreSQL restart would crash the station.
   */
  private async withClient<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const db = await this.pool.connect();
    const lost = (err: Error) => this.deps.logger.warn({ err }, 'ingest database connection lost');
    db.on('error', lost);
    try {
      return await work(db);
    } finally {
      db.removeListener('error', lost);
      db.release();
    }
  }

  /**
   * Marks the bridges of committed batches as seen, after the commit and one update at a time: in the
   * batch's own transaction, concurrent flushes (which carry the same bridges) queued on each other's
   * row locks until commit, and a bridge's last-seen time is a hint for the desk, not part of an
   * event's durability. Batches committed while an update runs, or within TOUCH_GAP_MS of its start,
   * are merged into the next: under a stream of events the bridges row is written about once a second,
   * not once per commit.
   */
  private touch(seen: Map<string, { lastSeen: Date; lastEvent: Date | null }>): void {
    for (const [id, s] of seen) {
      const was = this.unseen.get(id);
      if (!was) this.unseen.set(id, s);
      else
        this.unseen.set(id, {
          lastSeen: s.lastSeen > was.lastSeen ? s.lastSeen : was.lastSeen,
          lastEvent:
            !was.lastEvent || (s.lastEvent && s.lastEvent > was.lastEvent) ? s.lastEvent : was.lastEvent,
        });
    }
    if (this.touching || this.touchTimer || this.unseen.size === 0) return;
    const wait = this.lastTouch + TOUCH_GAP_MS - Date.now();
    if (wait > 0) {
      this.touchTimer = setTimeout(() => {
        this.touchTimer = null;
        this.touch(new Map());
      }, wait);
      this.touchTimer.unref();
      return;
    }
    this.lastTouch = Date.now();
    const batch = this.unseen;
    this.unseen = new Map();
    this.touching = this.withClient((db) => touchBridges(db, batch))
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'bridges last-seen update failed'))
      .then(() => {
        this.touching = null;
        this.touch(new Map());
      });
  }

  private flushTouchesNow(): void {
    if (this.touchTimer) clearTimeout(this.touchTimer);
    this.touchTimer = null;
    this.lastTouch = 0;
    this.touch(new Map());
  }

  /**
   * Listeners run one call after another, in commit order, never blocking the next commit. While they
   * are busy, the batches committed meanwhile wait and go to them together in the next call: under load
   * the listeners see few big batches instead of many small ones, so their per-call work (queries, the
   * labour derivation, the board push) does not grow with the commit rate and take the CPU the ingest
   * needs; when idle, each commit goes down at once.
   */
  private handDown(stored: StoredEvent[]): void {
    this.waiting.push(stored);
    if (!this.draining) this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    // Let the commit's PUBACKs go out first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      if (this.waiting.length === 0) {
        // Same tick as this check: a batch handed down from now on starts a new drain.
        this.draining = null;
        return;
      }
      const batches = this.waiting;
      this.waiting = [];
      const stored = batches.length === 1 ? batches[0]! : batches.flat();
      const started = performance.now();
      for (const listener of this.listeners) {
        try {
          await listener(stored);
        } catch (err) {
          this.deps.logger.error({ err }, 'shop-floor event listener failed');
        }
      }
      this.deps.bus.publish([{ type: 'shopfloor.events_stored', count: stored.length }]);
      this.stats.listenerCalls += 1;
      this.stats.listenerMs += performance.now() - started;
    }
  }
}

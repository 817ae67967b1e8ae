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

type Work = { kind: 'event'; event: IncomingEvent } | { kind: 'rejected'; rejected: RejectedMessage };

/** Called, in commit order, with the events a flush stored for the first time. */
export type StoredEventsListener = (events: StoredEvent[]) => Promise<void>;

export interface IngestStats {
  stored: number;
  duplicates: number;
  rejected: number;
  batches: number;
  /** Time spent in flush transactions, for the benchmark. */
  flushMs: number;
}

/**
 * The MQTT ingest: every bridge publish is classified; events and rejected payloads are written in
 * group commits and the publish is acknowledged (its promise resolves) only after its commit.
 * Stored events then go, in order, to the listeners (the labour engine, tap feedback, the board).
 */
export class ShopfloorIngest {
  private readonly committer: GroupCommitter<Work, void>;
  private readonly listeners: StoredEventsListener[] = [];
  private downstream: Promise<void> = Promise.resolve();
  readonly availability: BridgeAvailability;
  readonly stats: IngestStats = { stored: 0, duplicates: 0, rejected: 0, batches: 0, flushMs: 0 };

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
      max: 2,
      application_name: 'pitwall-ingest',
    });
    this.pool.on('error', (err) => deps.logger.warn({ err }, 'ingest database connection lost'));
    this.committer = new GroupCommitter((items) => this.flush(items), 2000);
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

  /** Waits until everything queued is committed and handed to the listeners. */
  async close(): Promise<void> {
    await this.committer.close();
    await this.downstream;
    await this.pool.end();
  }

  /** Resolves when the listeners have processed everything committed so far (tests, shutdown). */
  settled(): Promise<void> {
    return this.downstream;
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
    const db = await this.pool.connect();
    // A checked-out client that loses its server between queries emits 'error' with no listener of the
    // pool's: without this one a PostgreSQL restart would crash the station.
    const lost = (err: Error) => this.deps.logger.warn({ err }, 'ingest database connection lost');
    db.on('error', lost);
    let stored: StoredEvent[];
    try {
      await db.query('BEGIN');
      stored = await insertEvents(db, events);
      await insertRejected(db, rejected);
      await touchBridges(db, seen);
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      db.removeListener('error', lost);
      db.release();
    }
    this.stats.flushMs += performance.now() - started;
    this.stats.batches += 1;
    this.stats.stored += stored.length;
    this.stats.duplicates += events.length - stored.length;
    this.stats.rejected += rejected.length;
    if (stored.length) this.handDown(stored);
    return items.map(() => undefined);
  }

  /** Listeners run one batch after another, never blocking the next commit. */
  private handDown(stored: StoredEvent[]): void {
    this.downstream = this.downstream.then(async () => {
      for (const listener of this.listeners) {
        try {
          await listener(stored);
        } catch (err) {
          this.deps.logger.error({ err }, 'shop-floor event listener failed');
        }
      }
      this.deps.bus.publish([{ type: 'shopfloor.events_stored', count: stored.length }]);
    });
  }
}
